/** journeys/state/journey-state.ts in an engine module whose config has no journeys (never called: no journey's state is read). */
import type * as real from "../../journeys/state/journey-state.js";
import { absentFeature } from "./absent-feature.js";

export const readJourneyState: typeof real.readJourneyState = absentFeature("journeys");
export class JourneyStateError extends Error {}
