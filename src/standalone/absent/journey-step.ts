/** journeys/run/journey-step.ts in an engine module whose config has no journeys (never called: there is no journey to step or explain). */
import type * as real from "../../journeys/run/journey-step.js";
import { absentFeature } from "./absent-feature.js";

export const journeyStep: typeof real.journeyStep = absentFeature("journeys");
export const waitsFor: typeof real.waitsFor = absentFeature("journeys");
