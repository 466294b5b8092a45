import type { ConversionRule } from "../config/outcome-config-model.js";
import type { AttributionModel } from "../events/outcome-vocabulary.js";
import { compareMessageIds, type OpenMessage } from "../state/outcome-state.js";

/** A message whose conversion window holds a conversion: the candidate, its rule and where its window starts. */
export interface Touch {
  readonly message: OpenMessage;
  readonly rule: ConversionRule;
  readonly anchor: number;
}

/** A touch credited `1/share` of a conversion. */
export interface Credit {
  readonly touch: Touch;
  readonly share: number;
}

export interface AttributionSettings {
  readonly model: AttributionModel;
  readonly influenceMessages: number;
  readonly influenceWindowMs: number;
}

/** Earlier anchor first; then the earlier message; then its id (a total order: the same credits whatever the fold order). */
function byAnchor(a: Touch, b: Touch): number {
  return a.anchor - b.anchor || a.message.firstAt - b.message.firstAt || compareMessageIds(a.message, b.message);
}

/**
 * Which touches a conversion at `time` is credited to, and how much, under the model: last-touch
 * the latest anchor, first-touch the earliest, all-touch every touch fully, linear every touch an
 * equal share, influenced each of the latest `influenceMessages` anchored within `influenceWindowMs`.
 *
 * @example
 * creditTouches(touches, 1_000, { model: "linear", influenceMessages: 3, influenceWindowMs: 86_400_000 });
 * // [{ touch: touches[0], share: 2 }, { touch: touches[1], share: 2 }] (half a conversion each)
 */
export function creditTouches(touches: Touch[], time: number, settings: AttributionSettings): Credit[] {
  if (touches.length === 0) return [];
  touches.sort(byAnchor);
  switch (settings.model) {
    case "last-touch":
      return [{ touch: touches[touches.length - 1] as Touch, share: 1 }];
    case "first-touch":
      return [{ touch: touches[0] as Touch, share: 1 }];
    case "all-touch":
      return touches.map((touch) => ({ touch, share: 1 }));
    case "linear":
      return touches.map((touch) => ({ touch, share: touches.length }));
    case "influenced": {
      const credits: Credit[] = [];
      for (let index = touches.length - 1; index >= 0 && credits.length < settings.influenceMessages; index--) {
        const touch = touches[index] as Touch;
        if (time - touch.anchor > settings.influenceWindowMs) break;
        credits.push({ touch, share: 1 });
      }
      return credits;
    }
  }
}
