/** experiments/assignment/assign-compiled-variant.ts in an engine module whose config has no experiment (never called: no campaign has one). */
import type * as real from "../../experiments/assignment/assign-compiled-variant.js";
import { absentFeature } from "./absent-feature.js";

export const assignCompiledVariant: typeof real.assignCompiledVariant = absentFeature("experiments");
