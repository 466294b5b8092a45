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

const USER_KEY = '"userId"';

/**
 * The partition of a JSON line read without parsing it, when that is certain: the line names
 * `"userId"` once and has no `\u` escape (a valid event has it at the top level, so that is the
 * one), followed by a plain string (no escapes). Null otherwise (parse the line and use `partitionOfParsed`). Both give the
 * same answer for a line, so that each line of a file belongs to exactly one partition.
 */
export function partitionOfLine(text: string, partitions: number): number | null {
  // A key written with \u escapes could be "userId" too: such lines are parsed.
  if (text.includes("\\u")) return null;
  const at = text.indexOf(USER_KEY);
  if (at === -1 || text.indexOf(USER_KEY, at + USER_KEY.length) !== -1) return null;
  let index = at + USER_KEY.length;
  while (text.charCodeAt(index) === 0x20 || text.charCodeAt(index) === 0x09) index++;
  if (text.charCodeAt(index) !== 0x3a /* : */) return null;
  index++;
  while (text.charCodeAt(index) === 0x20 || text.charCodeAt(index) === 0x09) index++;
  if (text.charCodeAt(index) !== 0x22 /* " */) return null;
  const end = text.indexOf('"', index + 1);
  if (end === -1) return null;
  const userId = text.slice(index + 1, end);
  if (userId.includes("\\") || userId.length === 0 || userId.length > MAX_OUTCOME_TEXT) return null;
  return partitionOfUser(userId, partitions);
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
