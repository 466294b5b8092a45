/// <reference types="node" />
import { parseUserLine, type LineWarning, type SkippedLine } from "../../replay/replay-input.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { ExternalSort, type SortBuffer } from "./external-sort.js";
import { lineTooLong, readLines } from "./read-lines.js";
import type { RunFormat } from "./sorted-runs.js";
import type { TemporaryFolder } from "./temporary-folder.js";

type Profile = Readonly<Record<string, unknown>>;

/** A valid line of the users file: the user's id, where it is, and its text (the profile is parsed again when it is used). */
interface UserLineRecord {
  readonly id: string;
  readonly line: number;
  readonly text: string;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By id, then line (a later line for the same id replaces an earlier one). A run line is `line \t "id" \t text`. */
const USERS_BY_ID: RunFormat<UserLineRecord> = {
  compare: (a, b) => compareIds(a.id, b.id) || a.line - b.line,
  toLine: (record) => `${record.line}\t${JSON.stringify(record.id)}\t${record.text}`,
  fromLine: (text) => {
    const first = text.indexOf("\t");
    const second = text.indexOf("\t", first + 1);
    return { line: Number(text.slice(0, first)), id: JSON.parse(text.slice(first + 1, second)) as string, text: text.slice(second + 1) };
  },
};

const profileOf = (record: UserLineRecord): Profile => JSON.parse(record.text) as Profile;

/**
 * The profiles a replay reads, met in increasing order of user id (a log replayed one user at a
 * time): a merge join along the users file sorted by id, holding one profile at a time.
 */
export interface ProfileJoin {
  /** Moves to `id` (ids must be asked in increasing order); afterwards `profile(id)` is its profile. */
  seek(id: string): Promise<void>;
  profile(id: string): Profile | undefined;
  close(): Promise<void>;
}

/** The users file, read once and checked; its profiles are looked up without holding them all. */
export interface UsersFile {
  /** Profiles read (the last line wins for an id given twice). */
  readonly profiles: number;
  /** Sorted runs written to disk (0: the file fitted in the sort buffer). */
  readonly runs: number;
  /** The profiles of these users (a log replayed in memory: at most as many users as its events). */
  profilesOf(ids: ReadonlySet<string>): Promise<Map<string, Profile>>;
  /** Profiles in increasing order of user id (a log replayed by user). */
  join(): ProfileJoin;
}

/**
 * Reads a users file (JSON lines with an `id`), reporting the lines that cannot be used and the
 * warnings (an unknown time zone, checked with `timeZones`). The valid lines are kept while they fit
 * in `buffer`, and otherwise written to runs sorted by id on disk (in `folder`): memory holds a
 * bounded part of the file whatever the number of users.
 */
export async function openUsersFile(
  path: string | undefined,
  maxLineBytes: number,
  buffer: SortBuffer,
  folder: TemporaryFolder,
  timeZones: TimeZoneProvider | undefined,
  onSkipped: (skipped: SkippedLine) => void,
  onWarning: (warning: LineWarning) => void,
): Promise<UsersFile> {
  const sort = new ExternalSort(USERS_BY_ID, folder, "users", buffer);
  if (path !== undefined) {
    for await (const batch of readLines(path, { maxLineBytes })) {
      for (const line of batch.lines) {
        if (line.text === null) {
          onSkipped(lineTooLong(line, maxLineBytes));
          continue;
        }
        const parsed = parseUserLine(line.text, line.line, timeZones);
        if (!("profile" in parsed)) {
          onSkipped(parsed);
          continue;
        }
        for (const warning of parsed.warnings) onWarning(warning);
        if (sort.full) await sort.spill();
        sort.add({ id: parsed.id, line: parsed.line, text: line.text }, line.bytes);
      }
    }
  }
  const held = sort.inMemory;
  // Small enough: one map (line order, so that the last line for an id wins).
  const byId = held === null ? null : new Map(held.map((record) => [record.id, record]));
  return {
    profiles: sort.count,
    runs: held === null ? sort.runs + 1 : 0,
    async profilesOf(ids) {
      const profiles = new Map<string, Profile>();
      if (byId !== null) {
        for (const id of ids) {
          const record = byId.get(id);
          if (record !== undefined) profiles.set(id, profileOf(record));
        }
        return profiles;
      }
      for await (const records of sort.sorted()) for (const record of records) if (ids.has(record.id)) profiles.set(record.id, profileOf(record));
      return profiles;
    },
    join() {
      if (byId !== null) {
        let current: { id: string; profile: Profile | undefined } | null = null;
        return {
          seek: async (id) => {
            const record = byId.get(id);
            current = { id, profile: record === undefined ? undefined : profileOf(record) };
          },
          profile: (id) => (current?.id === id ? current.profile : undefined),
          close: async () => {},
        };
      }
      return mergeJoin(sort.sorted());
    },
  };
}

/** A merge join along records sorted by id, then line: for each id asked, the last of its lines. */
function mergeJoin(records: AsyncGenerator<readonly UserLineRecord[]>): ProfileJoin {
  let batch: readonly UserLineRecord[] = [];
  let index = 0;
  let ended = false;
  let current: { id: string; profile: Profile | undefined } | null = null;
  /** The next record not yet passed, or null at the end. */
  const peek = async (): Promise<UserLineRecord | null> => {
    while (index >= batch.length) {
      if (ended) return null;
      const next = await records.next();
      if (next.done === true) {
        ended = true;
        return null;
      }
      batch = next.value;
      index = 0;
    }
    return batch[index] as UserLineRecord;
  };
  return {
    async seek(id) {
      if (current !== null && !(id > current.id)) throw new RangeError(`profiles must be joined in increasing order of id: ${JSON.stringify(id)} after ${JSON.stringify(current.id)}`);
      let found: UserLineRecord | undefined;
      for (let record = await peek(); record !== null && record.id <= id; record = await peek()) {
        if (record.id === id) found = record;
        index++;
      }
      current = { id, profile: found === undefined ? undefined : profileOf(found) };
    },
    profile: (id) => (current?.id === id ? current.profile : undefined),
    close: async () => void (await records.return(undefined)),
  };
}
