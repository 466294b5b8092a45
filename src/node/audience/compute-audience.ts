/**
 * `nudgekit audience` without the command line: an engine config's segments computed on DuckDB,
 * in process, over an event file and a profiles file, with the SQL of nudgekit/sql.
 */
import { resolve } from "node:path";
import type { SkipReason } from "../../replay/replay-input.js";
import type { AudienceSchema } from "../../sql/audience-schema.js";
import { TemporaryFolder } from "../replay/temporary-folder.js";
import type { AudienceConfig } from "./audience-config.js";
import { AudienceDatabase } from "./audience-database.js";
import { withoutByteOrderMark } from "./byte-order-mark.js";
import { loadDuckDb } from "./duckdb-module.js";
import type { InputFormat } from "./input-format.js";
import { EVENTS_TABLE, loadEvents, type LoadedEvents } from "./load-events.js";
import { loadProfiles, PROFILES_TABLE } from "./load-profiles.js";
import { profilePathsOf } from "./profile-paths.js";
import type { SegmentSelection } from "./segment-selection.js";
import { translateSegments } from "./translate-segments.js";

/**
 * The tables a run loads the files into, as the translator's schema (profiles without the
 * attribute columns, which depend on the file): what `--sql` reads without `--schema`.
 */
export const LOADED_TABLES: AudienceSchema = Object.freeze({
  profiles: { table: PROFILES_TABLE, id: "id", attributes: {} },
  events: { table: EVENTS_TABLE, userId: "user_id", name: "name", time: "time", json: "properties" },
});

/** A file to read, and its format. */
export interface InputFile {
  readonly file: string;
  readonly format: InputFormat;
}

export interface AudienceRunOptions {
  readonly config: AudienceConfig;
  readonly selection: SegmentSelection;
  readonly events: InputFile;
  /** Without it, the profiles are the users of the events, each only an id. */
  readonly profiles?: InputFile;
  /** The instant the segments are computed for (epoch ms): windows are UTC days up to its day. */
  readonly now: number;
  /** Where DuckDB spills what memory cannot hold (a folder of its own inside, removed afterwards). */
  readonly temporaryDirectory: string;
  /** Each segment's members, a chunk at a time, in user id order. */
  readonly onMembers?: (segmentId: string, userIds: readonly string[]) => Promise<void> | void;
  /** What the run is doing (loading a file, querying the i-th segment of n). */
  readonly onPhase?: (text: string) => void;
  /** Stands in for `import("@duckdb/node-api")` (tests). */
  readonly importDuckDb?: () => Promise<unknown>;
}

/** What a run read and found. */
export interface AudienceReport {
  readonly now: number;
  readonly profiles: number;
  readonly profilesSkipped: ReadonlyMap<SkipReason, number>;
  readonly events: Omit<LoadedEvents, "schema">;
  /** Members per segment, in the order computed. */
  readonly segments: readonly { readonly id: string; readonly members: number }[];
}

/**
 * Loads the events (and profiles) into an in-memory DuckDB database, translates the selected
 * segments with `segmentsToSql` (nudgekit's semantics: the members `compileSegments` gives for the
 * same users after `foldEvents` of the same events at `now`) and runs each one, handing its
 * members over in chunks.
 *
 * @throws AudienceInputError for a file DuckDB cannot read, a column of the wrong type, a rule SQL
 * cannot express, or DuckDB not installed
 */
export async function computeAudience(options: AudienceRunOptions): Promise<AudienceReport> {
  const { config, selection, now } = options;
  const duck = await loadDuckDb(options.importDuckDb);
  const temporary = new TemporaryFolder(options.temporaryDirectory, "nudgekit-audience-");
  let database: AudienceDatabase | undefined;
  try {
    // Absolute paths: DuckDB never reads a relative path as a URL (http:…, s3:…).
    const readable = async (input: InputFile, name: string): Promise<string> => {
      const path = resolve(input.file);
      return input.format === "jsonl" && !/\.(gz|zst)$/i.test(path) ? withoutByteOrderMark(path, () => temporary.path(), name) : path;
    };
    database = await AudienceDatabase.open(duck, await temporary.subfolder("duckdb"));
    options.onPhase?.(`loading ${options.events.file}`);
    const events = await loadEvents(database, await readable(options.events, "events.jsonl"), options.events.file, options.events.format, config.policy, now);
    if (options.profiles !== undefined) options.onPhase?.(`loading ${options.profiles.file}`);
    const paths = profilePathsOf(selection.definitions.map((definition) => definition.rule));
    const profilesSource = options.profiles === undefined ? undefined : { path: await readable(options.profiles, "profiles.jsonl"), file: options.profiles.file, format: options.profiles.format };
    const profiles = await loadProfiles(database, profilesSource, paths);

    // Why a profile path the rules read has no column, when that is what a rule cannot be translated for.
    const unreadable = (reason: string): string => [...profiles.unreadable].filter(([path]) => reason.includes(JSON.stringify(path))).map(([path, why]) => `\n  ${path}: ${why}`).join("");
    const queries = translateSegments(selection, { profiles: profiles.schema, events: events.schema }, "duckdb", { now, behaviour: config.policy }, unreadable);
    const segments: { id: string; members: number }[] = [];
    for (const [index, id] of selection.ids.entries()) {
      options.onPhase?.(`querying segment ${index + 1} of ${selection.ids.length}: ${id}`);
      const query = queries.segments[id] as { sql: string; params: readonly unknown[] };
      const members = await database.streamFirstColumn(query.sql, query.params, (values) => options.onMembers?.(id, values as string[]));
      segments.push({ id, members });
    }
    const { schema: _schema, ...eventCounts } = events;
    return { now, profiles: profiles.profiles, profilesSkipped: profiles.skipped, events: eventCounts, segments };
  } finally {
    database?.close();
    await temporary.remove();
  }
}
