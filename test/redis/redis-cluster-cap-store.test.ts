import { createCluster } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapPolicyInput, ReserveResult } from "../../src/caps/index.js";
import { CapStoreUnavailableError, RedisCapStore, type RedisCapStoreOptions, type RedisClusterScriptClient } from "../../src/redis/index.js";
import { hasRedisCluster, RedisCluster } from "../support/redis-cluster.js";

// CI installs redis-server and redis-cli (.ci/run) and sets NUDGEKIT_REQUIRE_REDIS: there these tests must run.
const available = hasRedisCluster();
if (!available) {
  if (process.env.NUDGEKIT_REQUIRE_REDIS === "1") throw new Error("redis-server 7 or later and redis-cli are required (NUDGEKIT_REQUIRE_REDIS=1) but not installed");
  console.warn("\n*** redis-server 7+ / redis-cli are not installed: the RedisCapStore tests on a Redis Cluster are SKIPPED here (CI runs them). apt-get install -y redis-server ***\n");
}

const T = Date.parse("2026-11-23T12:00:00Z");
const push = { channel: "push", campaign: "promo" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** `promise`, or a clear failure if it has not settled after `ms` (a bound on progress, not a timing assertion). */
const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
};

describe.runIf(available)("RedisCapStore, unchanged, on a Redis Cluster (3 masters, 3 replicas)", () => {
  let cluster: RedisCluster;
  const clients: { destroy(): void }[] = [];
  /** A node-redis cluster client, as an application would create one: commands fail at once while a node is down. */
  const connect = async () => {
    const client = createCluster({
      rootNodes: cluster.rootNodes,
      defaults: { disableOfflineQueue: true, socket: { reconnectStrategy: () => 50, connectTimeout: 2_000 } },
      topologyRefreshOnReconnectionAttemptStrategy: 100, // a node reconnecting for 100 ms: ask the others who serves its slots now
    });
    client.on("error", () => {}); // connection errors surface as rejected commands
    await client.connect();
    clients.push(client);
    return client satisfies RedisClusterScriptClient; // what `durability` needs of a cluster client, checked at compile time
  };
  /** `perMaster` user ids (user-0, user-1, … in order) whose keys under `prefix` each master serves, and the master of each. */
  const usersOnEveryMaster = async (prefix: string, perMaster: number) => {
    const masters = await cluster.masters();
    const byMaster = new Map(masters.map((master) => [master.port, [] as string[]]));
    const masterOf = new Map<string, number>();
    for (let i = 0; [...byMaster.values()].some((users) => users.length < perMaster); i++) {
      const user = `user-${i}`;
      const slot = await cluster.keySlot(prefix + user);
      const master = masters.find((node) => node.slots.some(([from, to]) => from <= slot && slot <= to));
      const users = byMaster.get(master!.port)!;
      if (users.length < perMaster) {
        users.push(user);
        masterOf.set(user, master!.port);
      }
    }
    return { users: [...masterOf.keys()], masterOf, byMaster };
  };
  const storedIds = async (reader: Awaited<ReturnType<typeof connect>>, key: string): Promise<string[]> => {
    const stored = JSON.parse((await reader.get(key)) ?? '{"deliveries":[]}') as { deliveries: { id: string }[] };
    return stored.deliveries.map((delivery) => delivery.id);
  };

  beforeAll(async () => {
    cluster = await RedisCluster.start({ nodeTimeoutMs: 1_000 });
  }, 40_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await cluster?.dispose();
  });

  it("16 concurrent clients × 5,000 reserves on users spread over all 3 masters, under a 3-per-day cap: exactly 3 granted per user and day", async () => {
    const policy: CapPolicyInput = { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } }] };
    const { users, byMaster } = await usersOnEveryMaster("concurrency:", 3);
    expect([...byMaster.values()].map((onMaster) => onMaster.length)).toEqual([3, 3, 3]);
    // The store as on one server: the cluster client routes each GET and EVAL to the key's master.
    const stores = await Promise.all(Array.from({ length: 16 }, async () => new RedisCapStore(await connect(), policy, { keyPrefix: "concurrency:" })));
    const granted = new Map<string, number>();
    // Day 1 then day 2 (the cap resets at midnight, Europe/Paris): within a day every client races
    // every other on the same users, with clocks a few milliseconds apart.
    for (const day of [0, 1]) {
      await Promise.all(
        stores.map(async (store, client) => {
          for (let i = 0; i < 2_500; i++) {
            const user = users[(i + client) % users.length] as string;
            const result: ReserveResult = await store.reserve(user, push, T + day * 86_400_000 + i + client, "Europe/Paris");
            if (result.granted) granted.set(`${user} day ${day}`, (granted.get(`${user} day ${day}`) ?? 0) + 1);
          }
        }),
      );
    }
    expect(granted.size).toBe(users.length * 2);
    for (const count of granted.values()) expect(count).toBe(3);
  }, 120_000);

  it("durability: while a master's replica acknowledges nothing, a reserve is not granted (CapStoreUnavailableError) and its write is undone; once the replica is back, it is", async () => {
    const policy: CapPolicyInput = { caps: [{ id: "5-a-day", scope: { all: true }, limit: 5, window: { calendar: "day" } }] };
    const durable: RedisCapStoreOptions = { keyPrefix: "ack:", durability: { replicas: 1, timeoutMs: 100 } };
    const { users, masterOf } = await usersOnEveryMaster("ack:", 1);
    const user = users[0] as string;
    const view = await cluster.view();
    const master = view.find((node) => node.port === masterOf.get(user));
    const replica = view.find((node) => !node.master && node.masterId === master?.id);
    expect(replica).toBeDefined();
    const store = new RedisCapStore(await connect(), policy, durable);
    const plain = new RedisCapStore(await connect(), policy, { keyPrefix: "ack:" });
    const reader = await connect();

    const first = await store.reserve(user, push, T, "UTC");
    expect(first.granted).toBe(true);
    cluster.pause(replica!.port, true);
    try {
      await expect(store.reserve(user, push, T + 1, "UTC")).rejects.toThrow(CapStoreUnavailableError);
      await expect(store.reserve(user, push, T + 2, "UTC")).rejects.toThrow(/0 replica\(s\) of 1 acknowledged .* not granted, do not send/);
      expect(await storedIds(reader, `ack:${user}`)).toEqual([first.granted && first.reservation.delivery.id]); // both writes undone
      // Without durability the master's reply is enough: granted, though no replica has it yet.
      const unconfirmed = await plain.reserve(user, push, T + 3, "UTC");
      expect(unconfirmed.granted).toBe(true);
      if (unconfirmed.granted) await plain.release(unconfirmed.reservation);
    } finally {
      cluster.pause(replica!.port, false);
    }
    await cluster.waitUntilHealthy();
    const again = await store.reserve(user, push, T + 4, "UTC");
    expect(again.granted).toBe(true);
    expect(await storedIds(reader, `ack:${user}`)).toEqual([first, again].map((result) => result.granted && result.reservation.delivery.id));
  }, 30_000);

  it("a master killed (SIGKILL) under load: its replica takes over, no grant is lost, none over the cap; only CapStoreUnavailableError in between; recovery", async () => {
    const limit = 40;
    const policy: CapPolicyInput = { caps: [{ id: "40-ever", scope: { all: true }, limit, window: { lifetime: true } }] };
    const prefix = "failover:";
    const { users, masterOf, byMaster } = await usersOnEveryMaster(prefix, 8);
    const victim = masterOf.get(users[0] as string) as number;
    const onVictim = new Set(byMaster.get(victim));
    const stores = await Promise.all(Array.from({ length: 8 }, async () => new RedisCapStore(await connect(), policy, { keyPrefix: prefix, durability: { replicas: 1, timeoutMs: 200 } })));

    // up: all well; down: the master is dead, its replica not promoted yet; alone: the promoted
    // replica serves the slots with no replica of its own; rejoining: the old master is restarting;
    // recovered: it is the new master's replica, in sync.
    type Phase = "up" | "down" | "alone" | "rejoining" | "recovered";
    let phase: Phase = "up";
    const granted = new Map<string, string[]>(users.map((user) => [user, []]));
    const victimGrants: Record<Phase, number> = { up: 0, down: 0, alone: 0, rejoining: 0, recovered: 0 };
    const unavailable: Record<Phase, number> = { up: 0, down: 0, alone: 0, rejoining: 0, recovered: 0 };
    let unacknowledgedWhileAlone = 0;
    const unexpected: unknown[] = [];
    const refusedOnceRecovered = new Set<string>();
    let abandoned = false; // the test failed before the end: stop the load
    const signal = () => {
      let resolve = (): void => {};
      return { promise: new Promise<void>((done) => (resolve = done)), resolve: () => resolve() };
    };
    const kill = signal(); // the victim's users are a quarter through their budget: reserves in flight
    const refusedAlone = signal(); // a reserve on the lone master was refused for want of a replica
    const load = Promise.all(
      stores.map(async (store, client) => {
        for (let i = 0; !abandoned && !(phase === "recovered" && refusedOnceRecovered.size === users.length); i++) {
          if (i > 200_000) throw new Error("the load did not finish");
          const user = users[(i * 7 + client) % users.length] as string;
          const at = phase;
          try {
            const result = await store.reserve(user, push, T + i, "UTC");
            if (result.granted) {
              granted.get(user)!.push(result.reservation.delivery.id);
              // Counted by the phase it ended in: no replica can confirm a write while the promoted master is alone.
              if (onVictim.has(user) && ++victimGrants[phase] === (onVictim.size * limit) / 4 && phase === "up") kill.resolve();
            } else {
              expect(result.decision.rule).toBe("40-ever");
              if (at === "recovered") refusedOnceRecovered.add(user);
            }
          } catch (error) {
            if (!(error instanceof CapStoreUnavailableError)) unexpected.push(error);
            else unavailable[at]++;
            if (at === "alone" && phase === "alone" && /0 replica\(s\) of 1 acknowledged/.test((error as Error).message)) {
              unacknowledgedWhileAlone++;
              refusedAlone.resolve();
            }
            await sleep(10);
          }
        }
      }),
    );

    try {
      await within(kill.promise, 20_000, "a quarter of the victim's users' budget granted");
      await cluster.kill(victim);
      phase = "down";
      await cluster.waitUntilHealthy(); // the replica has been promoted and every live node says so
      const promoted = await cluster.masterOf(await cluster.keySlot(prefix + users[0]));
      expect(promoted.port).not.toBe(victim);
      phase = "alone";
      await within(refusedAlone.promise, 20_000, "a reserve refused by the promoted master for want of a replica"); // the clients have found it
      phase = "rejoining";
      await cluster.restart(victim); // comes back empty (no persistence) and rejoins as the new master's replica
      await cluster.waitUntilHealthy();
      expect((await cluster.view()).find((node) => node.port === victim)).toMatchObject({ master: false, masterId: promoted.id });
      phase = "recovered";
      await within(load, 30_000, "every user refused at the cap after the recovery");
    } finally {
      abandoned = true;
      await load.catch(() => {});
    }

    expect(unexpected).toEqual([]);
    expect(unavailable.down).toBeGreaterThan(0); // reserves on the dead master failed, closed
    expect(unacknowledgedWhileAlone).toBeGreaterThan(0);
    expect(victimGrants.alone).toBe(0); // a master without a replica grants nothing: a second crash could forget it
    expect(victimGrants.rejoining + victimGrants.recovered).toBeGreaterThan(0); // granting again once it has a replica
    const reader = await connect();
    for (const user of users) {
      const stored = await storedIds(reader, prefix + user);
      const mine = granted.get(user)!;
      // No grant lost: everything returned as granted is in the history the promoted master holds.
      expect(stored, user).toEqual(expect.arrayContaining(mine));
      // None over: the history holds the cap exactly (a write whose confirmation failed, and that
      // could not be undone, stays counted without being granted: a send less, never one more).
      expect(stored, user).toHaveLength(limit);
      expect(mine.length, user).toBeLessThanOrEqual(limit);
      expect(new Set(mine).size, user).toBe(mine.length);
    }
  }, 60_000);
});
