/**
 * segments/membership/segment-set.ts in an engine module whose config defines no segment: no
 * campaign, trigger or journey can name one (the config's references are checked), so no
 * membership is ever asked for.
 */
import type * as real from "../../segments/membership/segment-set.js";
import { absentFeature } from "./absent-feature.js";

type Members = Pick<real.SegmentSet, "ids" | "segmentsOf" | "memberships" | "isMember" | "explainMembership" | "nextChangeAt">;

export class SegmentSet implements Members {
  readonly ids: readonly string[] = Object.freeze([]);
  readonly segmentsOf: Members["segmentsOf"] = absentFeature("segments");
  readonly memberships: Members["memberships"] = absentFeature("segments");
  readonly isMember: Members["isMember"] = absentFeature("segments");
  readonly explainMembership: Members["explainMembership"] = absentFeature("segments");
  readonly nextChangeAt: Members["nextChangeAt"] = absentFeature("segments");
}
