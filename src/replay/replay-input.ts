import { isPlainObject } from "../../rules/rule-shape.js";
import { toEpochMilliseconds } from "../../rules/time/timestamp.js";

/** One line of an event log, checked: who, what and when. */
export interface ReplayEvent {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly userId: string;
  readonly time: number;
  readonly event: { readonly name: string; readonly id?: string | number; readonly time: number; readonly properties?: Record<string, unknown> };
}

/** A line that was skipped, and why. */
export interface SkippedLine {
  readonly line: number;
  readonly message: string;
}

/** One line as a JSON object, or why it is not one. */
function jsonObject(text: string, line: number): { ok: true; value: Record<string, unknown> } | { ok: false; skipped: SkippedLine } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, skipped: { line, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` } };
  }
  return isPlainObject(value) ? { ok: true, value } : { ok: false, skipped: { line, message: "not a JSON object" } };
}

/** Parses one JSON line of the event log into an event, or says why it cannot be replayed. */
export function parseEventLine(text: string, line: number): ReplayEvent | SkippedLine {
  const parsed = jsonObject(text, line);
  if (!parsed.ok) return parsed.skipped;
  const value = parsed.value;
  const userId = value.userId;
  if (!((typeof userId === "string" && userId.length > 0 && userId.length <= 256) || (typeof userId === "number" && Number.isFinite(userId)))) return { line, message: "userId must be a non-empty string or a number" };
  const name = value.name;
  if (typeof name !== "string" || name.length === 0 || name.length > 256) return { line, message: "name must be a non-empty string" };
  const time = toEpochMilliseconds(value.time);
  if (time === undefined) return { line, message: `time ${JSON.stringify(value.time)} is not epoch ms or an ISO 8601 instant with an offset` };
  const id = typeof value.id === "string" || (typeof value.id === "number" && Number.isFinite(value.id)) ? value.id : undefined;
  const properties = isPlainObject(value.properties) ? value.properties : undefined;
  return {
    line,
    userId: String(userId),
    time,
    event: { name, time, ...(id === undefined ? {} : { id }), ...(properties === undefined ? {} : { properties }) },
  };
}

/** Parses one JSON line of the users file: an object with an `id`. */
export function parseUserLine(text: string, line: number): { line: number; id: string; profile: Record<string, unknown> } | SkippedLine {
  const parsed = jsonObject(text, line);
  if (!parsed.ok) return parsed.skipped;
  const value = parsed.value;
  const id = value.id;
  if (!((typeof id === "string" && id.length > 0) || (typeof id === "number" && Number.isFinite(id)))) return { line, message: "id must be a non-empty string or a number" };
  return { line, id: String(id), profile: value };
}
