import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.js";

const run = promisify(execFile);

/**
 * True when redis-server (7.0 or later: `cluster-port`) and redis-cli are on the PATH: what
 * `RedisCluster.start` needs.
 */
export function hasRedisCluster(): boolean {
  const server = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  const major = Number(/v=(\d+)\./.exec(server.stdout ?? "")?.[1]);
  return server.status === 0 && major >= 7 && spawnSync("redis-cli", ["--version"], { stdio: "ignore" }).status === 0;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One node as `CLUSTER NODES` lists it. */
export interface ClusterNodeView {
  readonly id: string;
  readonly port: number;
  readonly master: boolean;
  /** Flagged `fail` or `fail?` by the node asked. */
  readonly failing: boolean;
  /** The master's id, for a replica. */
  readonly masterId: string | null;
  /** Slot ranges [from, to], for a master. */
  readonly slots: readonly (readonly [number, number])[];
}

/** A redis-cli call on one node: its reply as text (throws when redis-cli fails, e.g. the node is down). */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8", timeout: 5_000 });
  return stdout;
}

/**
 * A throwaway Redis Cluster on 127.0.0.1: 3 masters and 3 replicas (6 redis-server processes on free
 * ports, cluster bus on other free ports, in a temporary directory), no persistence (`--appendonly no
 * --save ''`: a replica is what keeps a master's writes), created with `redis-cli --cluster create`.
 * `nodeTimeoutMs` (cluster-node-timeout) is low so that a killed master's replica takes over within
 * a few seconds.
 */
export class RedisCluster {
  readonly #processes = new Map<number, ChildProcess>();
  readonly #paused = new Set<number>();
  private constructor(
    /** Client ports, in creation order. */
    readonly ports: readonly number[],
    private readonly busPorts: readonly number[],
    private readonly dir: string,
    private readonly nodeTimeoutMs: number,
  ) {}

  static async start(options: { nodeTimeoutMs?: number } = {}): Promise<RedisCluster> {
    const ports: number[] = [];
    while (ports.length < 12) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const cluster = new RedisCluster(ports.slice(0, 6), ports.slice(6), mkdtempSync(join(tmpdir(), "nudgekit-redis-cluster-")), options.nodeTimeoutMs ?? 1_000);
    try {
      await Promise.all(cluster.ports.map((port) => cluster.restart(port)));
      await run("redis-cli", ["--cluster", "create", ...cluster.ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "1", "--cluster-yes"], { encoding: "utf8", timeout: 30_000 });
      await cluster.waitUntilHealthy();
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  /** Seed addresses for a cluster client (node-redis `createCluster({ rootNodes })`). */
  get rootNodes(): { url: string }[] {
    return this.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` }));
  }

  /** (Re)starts the node on `port` with its cluster config file: a restarted master rejoins as a replica of whoever took over. */
  async restart(port: number): Promise<void> {
    const index = this.ports.indexOf(port);
    if (index < 0) throw new Error(`no node on port ${port}`);
    const args = [
      "--port", String(port),
      "--cluster-port", String(this.busPorts[index]),
      "--bind", "127.0.0.1",
      "--dir", this.dir,
      "--cluster-enabled", "yes",
      "--cluster-config-file", `nodes-${port}.conf`,
      "--cluster-node-timeout", String(this.nodeTimeoutMs),
      "--appendonly", "no",
      "--save", "",
      "--repl-diskless-sync-delay", "0", // a rejoining node syncs at once
      "--loglevel", "warning",
    ];
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.resume();
    child.stderr?.resume();
    this.#processes.set(port, child);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
      try {
        if ((await redisCli(port, "ping")).trim() === "PONG") return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start within 10 s`);
      await sleep(50);
    }
  }

  /** SIGKILLs the node on `port` (a crash: nothing flushed, nothing handed over). */
  async kill(port: number): Promise<void> {
    const child = this.#processes.get(port);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  /** Stops (SIGSTOP) or resumes (SIGCONT) the node on `port`: a stopped replica acknowledges nothing, and its socket stays open. */
  pause(port: number, paused: boolean): void {
    const child = this.#processes.get(port);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) throw new Error(`no live node on port ${port}`);
    child.kill(paused ? "SIGSTOP" : "SIGCONT");
    if (paused) this.#paused.add(port);
    else this.#paused.delete(port);
  }

  /** The hash slot of `key` (CLUSTER KEYSLOT, asked of a live node). */
  async keySlot(key: string): Promise<number> {
    return Number((await redisCli(this.#livePorts()[0] as number, "cluster", "keyslot", key)).trim());
  }

  /** The cluster as the node on `port` sees it. */
  async nodes(port: number): Promise<ClusterNodeView[]> {
    return (await redisCli(port, "cluster", "nodes"))
      .trim()
      .split("\n")
      .map((line) => {
        const [id = "", address = "", flags = "", masterId = "-", , , , , ...slots] = line.trim().split(" ");
        const flagList = flags.split(",");
        return {
          id,
          port: Number(/:(\d+)@/.exec(address)?.[1]),
          master: flagList.includes("master"),
          failing: flagList.includes("fail") || flagList.includes("fail?"),
          masterId: masterId === "-" ? null : masterId,
          slots: slots.filter((range) => !range.startsWith("[")).map((range) => {
            const [from, to = from] = range.split("-").map(Number) as [number, number?];
            return [from, to] as const;
          }),
        };
      });
  }

  /** The live masters (as a live node sees them), each with its slot ranges. */
  async masters(): Promise<ClusterNodeView[]> {
    return (await this.view()).filter((node) => node.master && !node.failing && node.slots.length > 0);
  }

  /** Every node, as the first live node that answers sees it. */
  async view(): Promise<ClusterNodeView[]> {
    for (const port of this.#livePorts()) {
      try {
        return await this.nodes(port);
      } catch {
        // that node is going down: ask another
      }
    }
    throw new Error("no live node answers");
  }

  /** The master serving `slot` (as a live node sees it). */
  async masterOf(slot: number): Promise<ClusterNodeView> {
    const master = (await this.masters()).find((node) => node.slots.some(([from, to]) => from <= slot && slot <= to));
    if (master === undefined) throw new Error(`no master serves slot ${slot}`);
    return master;
  }

  /**
   * Waits until every live node says cluster_state:ok, every slot has a live master that every live
   * node agrees on, and every replica's link to its master is up (so WAIT can count it).
   */
  async waitUntilHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    for (;;) {
      try {
        last = await this.#unhealthy();
        if (last === "") return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) throw new Error(`the cluster did not become healthy within ${timeoutMs} ms: ${last}`);
      await sleep(100);
    }
  }

  /** What is not healthy yet ("" when all is). */
  async #unhealthy(): Promise<string> {
    const live = this.#livePorts();
    let views: string | undefined;
    for (const port of live) {
      if (!(await redisCli(port, "cluster", "info")).includes("cluster_state:ok")) return `node ${port}: cluster_state is not ok`;
      const nodes = await this.nodes(port);
      const masters = nodes.filter((node) => node.master && node.slots.length > 0);
      if (masters.some((node) => node.failing || !live.includes(node.port))) return `node ${port} sees a failing master`;
      const view = JSON.stringify(masters.map((node) => [node.port, node.slots]).sort());
      if (views !== undefined && views !== view) return "the nodes do not agree on the masters yet";
      views = view;
      if (!masters.some((node) => node.port === port)) {
        const replication = await redisCli(port, "info", "replication");
        if (!replication.includes("role:slave") || !replication.includes("master_link_status:up")) return `replica ${port} is not in sync`;
      }
    }
    return "";
  }

  /** The ports of the nodes running (not killed, not paused). */
  #livePorts(): number[] {
    return this.ports.filter((port) => {
      const child = this.#processes.get(port);
      return child !== undefined && child.exitCode === null && child.signalCode === null && !this.#paused.has(port);
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(
      [...this.#processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL"); // a paused node too // nothing to keep: no persistence
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
