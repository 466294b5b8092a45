/** segments/aggregates/aggregate-policy-model.ts in an engine module whose config has no `behaviour` (never called: engine.behaviour is null). */
import type * as real from "../../segments/aggregates/aggregate-policy-model.js";
import { absentFeature } from "./absent-feature.js";

export const linkAggregatePolicy: typeof real.linkAggregatePolicy = absentFeature("behaviour folding");
