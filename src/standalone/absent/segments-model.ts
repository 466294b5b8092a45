/** segments/definitions/segments-model.ts in an engine module whose config defines no segment: the IR's empty list, linked without compiling anything. */
import type * as real from "../../segments/definitions/segments-model.js";

export const linkSegments: typeof real.linkSegments = (ir, ruleOptions) =>
  Object.freeze({ segments: Object.freeze([]), indexById: new Map<string, number>(), order: Object.freeze([]), ruleOptions, horizonDays: ir.horizonDays, behaviourPath: ir.behaviourPath });
