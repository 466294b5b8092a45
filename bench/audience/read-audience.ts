/**
 * The audience read back out of DuckDB into JavaScript, one profile at a time in id order: its
 * attributes, and its events as `foldEvents` takes them (or already folded into behaviour
 * aggregates). Two streaming queries (profiles, and events clustered by user) merged by user id,
 * each chunk's successor fetched while the current one is being used.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBResult } from "@duckdb/node-api";
import { foldEvents, type AggregatePolicy, type BehaviourAggregates } from "../../src/segments/index.js";
import { ATTRIBUTE_COLUMNS, AUDIENCE_SCHEMA } from "./synthetic-audience.js";

export interface AudienceEvent {
  readonly name: string;
  readonly time: number;
  readonly properties?: { readonly amount: number };
}

export interface AudienceUser {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string | null>>;
  readonly events: readonly AudienceEvent[];
}

export interface AudienceProfile {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string | null>>;
  readonly behaviour: BehaviourAggregates;
}

/** Fetches a streaming result's chunks, one ahead. */
class ChunkStream {
  #next: Promise<DuckDBDataChunk | null>;
  constructor(private readonly result: DuckDBResult) {
    this.#next = result.fetchChunk();
  }
  async take(): Promise<DuckDBDataChunk | null> {
    const chunk = await this.#next;
    // An empty chunk also ends a result.
    if (chunk === null || chunk.rowCount === 0) return null;
    this.#next = this.result.fetchChunk();
    return chunk;
  }
}

/**
 * The users with ids below `limit` (every user without one), in id order. Needs two connections
 * (a connection streams one result at a time). Throws if either table is not in id order.
 */
export async function* readUsers(profilesConnection: DuckDBConnection, eventsConnection: DuckDBConnection, limit?: number): AsyncGenerator<AudienceUser> {
  const { profiles, events } = AUDIENCE_SCHEMA;
  const names = (await eventsConnection.runAndReadAll(`SELECT DISTINCT name FROM ${events.table} ORDER BY 1`)).getRows().map((row) => String(row[0]));
  const nameList = `[${names.map((name) => `'${name.replaceAll("'", "''")}'`).join(", ")}]`;
  const where = (column: string) => (limit === undefined ? "" : ` WHERE ${column} < ${Math.floor(limit)}`);
  // Scans without ORDER BY return rows in insertion order (DuckDB's preserve_insertion_order, on by default); checked below.
  const profileRows = new ChunkStream(await profilesConnection.stream(`SELECT ${profiles.id}, ${ATTRIBUTE_COLUMNS.map(([, column]) => column).join(", ")} FROM ${profiles.table}${where(profiles.id)}`));
  const eventRows = new ChunkStream(
    await eventsConnection.stream(
      `SELECT ${events.userId}, CAST(list_position(${nameList}, ${events.name}) AS INTEGER), CAST(epoch_ms(${events.time}) AS DOUBLE), ${events.properties.amount} FROM ${events.table}${where(events.userId)}`,
    ),
  );
  let eventChunk = await eventRows.take();
  let eventRow = 0;
  let lastUser = -1;
  let lastEventUser = -1;
  for (let chunk = await profileRows.take(); chunk !== null; chunk = await profileRows.take()) {
    const ids = chunk.getColumnVector(0);
    const columns = ATTRIBUTE_COLUMNS.map((_, index) => chunk.getColumnVector(index + 1));
    for (let row = 0; row < chunk.rowCount; row++) {
      const user = ids.getItem(row) as number;
      if (user <= lastUser) throw new Error(`profiles are not in id order (${user} after ${lastUser})`);
      lastUser = user;
      const attributes: Record<string, string | null> = {};
      for (let index = 0; index < ATTRIBUTE_COLUMNS.length; index++) attributes[ATTRIBUTE_COLUMNS[index]![0]] = columns[index]!.getItem(row) as string | null;
      const userEvents: AudienceEvent[] = [];
      while (eventChunk !== null) {
        const owner = eventChunk.getColumnVector(0).getItem(eventRow) as number;
        if (owner < lastEventUser) throw new Error(`events are not clustered by user (${owner} after ${lastEventUser})`);
        if (owner > user) break;
        lastEventUser = owner;
        if (owner === user) {
          const name = names[(eventChunk.getColumnVector(1).getItem(eventRow) as number) - 1]!;
          const time = eventChunk.getColumnVector(2).getItem(eventRow) as number;
          const amount = eventChunk.getColumnVector(3).getItem(eventRow) as number | null;
          userEvents.push(amount === null ? { name, time } : { name, time, properties: { amount } });
        }
        if (++eventRow === eventChunk.rowCount) {
          eventChunk = await eventRows.take();
          eventRow = 0;
        }
      }
      yield { id: String(user), attributes, events: userEvents };
    }
  }
}

/** `readUsers` with each user's events folded (no event ids: the log is deduplicated, as nudgekit/sql assumes). */
export async function* readProfiles(profilesConnection: DuckDBConnection, eventsConnection: DuckDBConnection, policy: AggregatePolicy, now: number, limit?: number): AsyncGenerator<AudienceProfile> {
  for await (const user of readUsers(profilesConnection, eventsConnection, limit)) {
    yield { id: user.id, attributes: user.attributes, behaviour: foldEvents(null, user.events, policy, { now }) };
  }
}
