import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

/** True when a redis-server binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}


/**
 * A throwaway redis-server on 127.0.0.1 and a free port, with an append-only file fsynced on every
 * write in a temporary directory, so that a restart keeps every reservation.
 */
export class RedisServer {
  #process: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), "nudgekit-redis-")));
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--loglevel", "warning"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.#process = child;
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error("redis-server did not start within 10 s")), 10_000);
      const poll = (): void => {
        const probe = spawnSync("redis-cli", ["-p", String(this.port), "ping"], { encoding: "utf8" });
        if (probe.stdout?.trim() === "PONG") {
          clearTimeout(deadline);
          resolve();
        } else if (child.exitCode !== null) {
          clearTimeout(deadline);
          reject(new Error(`redis-server exited with ${child.exitCode}`));
        } else setTimeout(poll, 50);
      };
      poll();
    });
  }

  /** Stops the server (as a crash would, with SIGKILL when `crash`). */
  async stop(crash = false): Promise<void> {
    const child = this.#process;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill(crash ? "SIGKILL" : "SIGTERM");
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
