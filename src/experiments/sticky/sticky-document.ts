import { isPlainObject } from "../../json/plain-object.js";

/** What sticky assignment remembers for one experiment. */
export interface StickyEntry {
  readonly variantId: string;
  /** The experiment's `version` when the unit was assigned; a newer version re-buckets the unit. */
  readonly version: number;
}

/**
 * The portable JSON document that sticky assignment keeps per unit, for any store (a cookie,
 * localStorage, a Redis hash, a database row): experiment id → the variant the unit was given.
 */
export interface StickyDocument {
  readonly unitId: string;
  readonly assignments: Readonly<Record<string, StickyEntry>>;
}

/**
 * The unit's remembered entry for an experiment, or null. Documents come from storage and may be
 * stale, corrupted or hostile: anything that is not a well-formed entry for this unit reads as
 * absent, and only own properties are read.
 */
export function readStickyEntry(document: unknown, unitId: string, experimentId: string): StickyEntry | null {
  if (!isPlainObject(document) || document.unitId !== unitId) return null;
  const assignments = document.assignments;
  if (!isPlainObject(assignments) || !Object.hasOwn(assignments, experimentId)) return null;
  const entry = assignments[experimentId];
  if (!isPlainObject(entry) || typeof entry.variantId !== "string") return null;
  const version = entry.version;
  if (typeof version !== "number" || !Number.isInteger(version)) return null;
  return { variantId: entry.variantId, version };
}

/**
 * A new document with the entry set; the old one is not modified. Entries of other experiments
 * are kept; a document of another unit (or a malformed one) is replaced.
 */
export function withStickyEntry(document: unknown, unitId: string, experimentId: string, entry: StickyEntry): StickyDocument {
  const previous = isPlainObject(document) && document.unitId === unitId && isPlainObject(document.assignments) ? document.assignments : {};
  const assignments: Record<string, StickyEntry> = {};
  for (const key of Object.keys(previous)) {
    // defineProperty, so that an experiment id such as "__proto__" stays an ordinary key.
    Object.defineProperty(assignments, key, { value: previous[key], enumerable: true, writable: true, configurable: true });
  }
  Object.defineProperty(assignments, experimentId, { value: { variantId: entry.variantId, version: entry.version }, enumerable: true, writable: true, configurable: true });
  return { unitId, assignments };
}
