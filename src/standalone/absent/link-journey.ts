/** journeys/definition/link-journey.ts in an engine module whose config has no journeys (never called: the IR lists none). */
import type * as real from "../../journeys/definition/link-journey.js";
import { absentFeature } from "./absent-feature.js";

export const linkJourney: typeof real.linkJourney = absentFeature("journeys");
