import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

/** PostgreSQL refuses to run as root: as root, its programs run as this user. */
const SERVICE_USER = "postgres";

/** Runs, printing its version. */
const runs = (program: string): boolean => spawnSync(program, ["--version"], { stdio: "ignore" }).status === 0;

/**
 * A PostgreSQL program: on the PATH, or where Debian's postgresql package puts it
 * (/usr/lib/postgresql/<major>/bin, newest first), which is not on the PATH.
 */
function postgresProgram(name: string): string {
  if (runs(name)) return name;
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).filter((entry) => /^\d+$/.test(entry)).sort((a, b) => Number(b) - Number(a)) : [];
  return majors.map((major) => join(root, major, "bin", name)).find(runs) ?? name;
}

/** The command line that runs `program` as the user PostgreSQL accepts. */
function asServiceUser(program: string, args: readonly string[]): [string, string[]] {
  const path = postgresProgram(program);
  return process.getuid?.() === 0 ? ["runuser", ["-u", SERVICE_USER, "--", path, ...args]] : [path, [...args]];
}

/** True when `initdb` and `postgres` are found (and, as root, the postgres user exists). */
export function hasPostgresServer(): boolean {
  if (!runs(postgresProgram("initdb")) || !runs(postgresProgram("postgres"))) return false;
  return process.getuid?.() !== 0 || spawnSync("id", ["-u", SERVICE_USER], { stdio: "ignore" }).status === 0;
}


/**
 * A throwaway PostgreSQL server on 127.0.0.1 and a free port, its cluster in a temporary directory
 * (trust authentication, no fsync: a test database), removed by `dispose`.
 */
export class PostgresServer {
  #process: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PostgresServer> {
    const dir = mkdtempSync(join(tmpdir(), "nudgekit-postgres-"));
    if (process.getuid?.() === 0) {
      const ids = spawnSync("id", ["-u", SERVICE_USER], { encoding: "utf8" }).stdout.trim();
      const group = spawnSync("id", ["-g", SERVICE_USER], { encoding: "utf8" }).stdout.trim();
      chownSync(dir, Number(ids), Number(group));
    }
    const data = join(dir, "data");
    const [initdb, initArgs] = asServiceUser("initdb", ["-D", data, "-U", "nudgekit", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"]);
    const init = spawnSync(initdb, initArgs, { encoding: "utf8" });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const server = new PostgresServer(await freePort(), dir);
    const [postgres, args] = asServiceUser("postgres", ["-D", data, "-p", String(server.port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
    const child = spawn(postgres, args, { stdio: ["ignore", "pipe", "pipe"] });
    server.#process = child;
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`postgres did not start within 20 s: ${log}`)), 20_000);
      const poll = (): void => {
        if (log.includes("database system is ready to accept connections")) {
          clearTimeout(deadline);
          resolve();
        } else if (child.exitCode !== null) {
          clearTimeout(deadline);
          reject(new Error(`postgres exited with ${child.exitCode}: ${log}`));
        } else setTimeout(poll, 50);
      };
      poll();
    });
    return server;
  }

  /** What `new pg.Client(...)` takes to reach the server's default database. */
  get connection(): { host: string; port: number; user: string; database: string } {
    return { host: "127.0.0.1", port: this.port, user: "nudgekit", database: "postgres" };
  }

  async dispose(): Promise<void> {
    const child = this.#process;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // pg_ctl signals the server itself (runuser, as root, would not pass a signal on to it).
      const [pgCtl, args] = asServiceUser("pg_ctl", ["-D", join(this.dir, "data"), "stop", "-m", "immediate", "-w"]);
      spawnSync(pgCtl, args, { stdio: "ignore" });
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
