/** channels/send-time/best-send-time.ts in an engine module whose config has no `sendTime: { best }` (never called: every campaign sends now). */
import type * as real from "../../channels/send-time/best-send-time.js";
import { absentFeature } from "./absent-feature.js";

export const bestSendTime: typeof real.bestSendTime = absentFeature("best send time");
