/// <reference types="node" />
import { MAX_OUTCOME_TEXT } from "../../metrics/events/read-metrics-event.js";
import { field } from "../../json/own-value.js";

/**
 * Which of `partitions` parts of a log a user's events belong to: FNV-1a over the id's UTF-16 code
 * units. Every event of a user lands in one part, so each part can be folded and settled alone
 * (`mergeOutcomes` needs shards split by user).
 */
export function partitionOfUser(userId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) hash = Math.imul(hash ^ userId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % partitions;
}

const USER_KEY_BYTES = Buffer.from('"userId"');
const ESCAPE = 0x5c;

/**
 * The partition of a JSON line read from its UTF-8 bytes, without decoding or parsing it, when that
 * is certain: the line names `"userId"` once and has no `\u` escape (a key so written could be
 * "userId" too), so that for a valid event it is the top-level one, followed by a plain ASCII
 * string. Null otherwise: parse the line and use `partitionOfParsed`. A line's part is this
 * answer, else that one — the same in every worker, so each line belongs to exactly one part, and
 * (both reading the top-level id alike) every valid event of a user to the user's part.
 */
export function partitionOfLineBytes(bytes: Buffer, partitions: number): number | null {
  if (bytes.indexOf("\\u") !== -1) return null;
  const at = bytes.indexOf(USER_KEY_BYTES);
  if (at === -1 || bytes.indexOf(USER_KEY_BYTES, at + USER_KEY_BYTES.length) !== -1) return null;
  let index = at + USER_KEY_BYTES.length;
  while (bytes[index] === 0x20 || bytes[index] === 0x09) index++;
  if (bytes[index] !== 0x3a) return null;
  index++;
  while (bytes[index] === 0x20 || bytes[index] === 0x09) index++;
  if (bytes[index] !== 0x22) return null;
  const end = bytes.indexOf(0x22, index + 1);
  const length = end - index - 1;
  if (end === -1 || length === 0 || length > MAX_OUTCOME_TEXT) return null;
  let hash = 0x811c9dc5;
  for (let at = index + 1; at < end; at++) {
    const byte = bytes[at] as number;
    if (byte >= 0x80 || byte === ESCAPE) return null;
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/**
 * The partition of a parsed line (null: not JSON): its user's, as the fold reads the id (a string,
 * or a finite number as its string); partition 0 for a line without a valid user id (it is counted
 * once, as invalid, by partition 0).
 */
export function partitionOfParsed(value: unknown, parsed: boolean, partitions: number): number {
  if (!parsed) return 0;
  const userId = field(value, "userId");
  if (typeof userId === "string" && userId.length > 0 && userId.length <= MAX_OUTCOME_TEXT) return partitionOfUser(userId, partitions);
  if (typeof userId === "number" && Number.isFinite(userId)) return partitionOfUser(String(userId), partitions);
  return 0;
}
