import { geoOperators } from "./geo.js";
import { messageHistoryOperators } from "./message-history.js";
import type { OperatorSpec } from "./operator-spec.js";
import { setOperators } from "./sets.js";
import { textOperators } from "./text.js";
import { timeOperators } from "./time.js";
import { versionOperators } from "./versions.js";

/** nudgekit's operators for engagement targeting: time, the message history, geo, app versions, strings and sets. */
export const engagementOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ...timeOperators,
  ...messageHistoryOperators,
  ...geoOperators,
  ...versionOperators,
  ...textOperators,
  ...setOperators,
]);
