/** engine/run/journey-run.ts in an engine module whose config has no journeys: nothing to step, nothing to record (what the real one does for no journeys). */
import type * as real from "../../engine/run/journey-run.js";
import { absentFeature } from "./absent-feature.js";

export const stepJourneys: typeof real.stepJourneys = () => ({ candidates: [], stepped: [] });
export const recordJourneys: typeof real.recordJourneys = () => undefined;
export const hasRuns: typeof real.hasRuns = absentFeature("journeys");
