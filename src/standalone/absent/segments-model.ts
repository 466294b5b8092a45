/** segments/definitions/segments-model.ts in an engine module whose config defines no segment: nothing to link (its SegmentSet stand-in holds none). */
import type * as real from "../../segments/definitions/segments-model.js";

export const linkSegments = ((): unknown => null) as unknown as typeof real.linkSegments;
