/** experiments/config/experiment-model.ts in an engine module whose config has no experiment and no holdout (never called: the IR links none). */
import type * as real from "../../experiments/config/experiment-model.js";
import { absentFeature } from "./absent-feature.js";

export const linkExperiment: typeof real.linkExperiment = absentFeature("experiments");
export const linkHoldout: typeof real.linkHoldout = absentFeature("experiments");
