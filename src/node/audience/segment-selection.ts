import type { SegmentDefinition } from "../../segments/definitions/segment-schema.js";

/** The segments a run computes, and the definitions their SQL needs. */
export interface SegmentSelection {
  /** The ids asked for, in the order asked (every segment, in definition order, when none is named). */
  readonly ids: readonly string[];
  /** Those segments and every segment they include or exclude, transitively, in definition order. */
  readonly definitions: readonly SegmentDefinition[];
  /** Each definition's index in the config's `segments` (to locate a problem in the config). */
  readonly configIndex: readonly number[];
}

/**
 * The segments named by `--segment` (all of them when `wanted` is empty) with what they refer to.
 * Definitions must be valid (`audienceConfig`): references resolve and there is no cycle.
 *
 * @throws Error naming an unknown id and the known ones
 * @example
 * selectSegments([{ id: "a", rule: true }, { id: "b", rule: true, exclude: ["a"] }, { id: "c", rule: true }], ["b"]);
 * // { ids: ["b"], definitions: [a, b], configIndex: [0, 1] }
 */
export function selectSegments(segments: readonly SegmentDefinition[], wanted: readonly string[]): SegmentSelection {
  const indexById = new Map(segments.map((segment, index) => [segment.id, index]));
  const unknown = wanted.filter((id) => !indexById.has(id));
  if (unknown.length > 0) {
    const known = segments.map((segment) => JSON.stringify(segment.id));
    throw new Error(`unknown segment ${unknown.map((id) => JSON.stringify(id)).join(", ")}: the config's segments are ${known.length > 20 ? `${known.slice(0, 20).join(", ")}, … (${known.length})` : known.join(", ")}`);
  }
  const ids = wanted.length === 0 ? segments.map((segment) => segment.id) : [...new Set(wanted)];
  const needed = new Set<number>();
  const visit = (id: string): void => {
    const index = indexById.get(id) as number;
    if (needed.has(index)) return;
    needed.add(index);
    const segment = segments[index] as SegmentDefinition;
    for (const other of [...(segment.include ?? []), ...(segment.exclude ?? [])]) visit(other);
  };
  for (const id of ids) visit(id);
  const configIndex = [...needed].sort((a, b) => a - b);
  return { ids, definitions: configIndex.map((index) => segments[index] as SegmentDefinition), configIndex };
}
