import { compileSegmentDefinitions, type SegmentSetOptions } from "../definitions/compile-segments.js";
import { SegmentSet } from "./segment-set.js";

/**
 * Validates segment definitions and compiles them (see `compileSegmentDefinitions` for what is
 * checked).
 *
 * @throws SegmentConfigError listing every problem with its path.
 */
export function compileSegments(definitions: unknown, options?: SegmentSetOptions): SegmentSet {
  return new SegmentSet(compileSegmentDefinitions(definitions, options));
}
