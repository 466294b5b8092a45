/** What a tap does (buttons, cards, a whole message) and the buttons themselves. */
import { z } from "../../validation/csp-safe-zod.js";
import { contentId, dataFieldsSchema, linkTemplate, textTemplate } from "./content-fields.js";

export const CONTENT_ACTION_TYPES = Object.freeze(["deep_link", "url", "dismiss", "custom"] as const);
export type ContentActionType = (typeof CONTENT_ACTION_TYPES)[number];

/**
 * `deep_link` opens a screen of the app (`shop://cart`); `url` opens a web page; `dismiss` closes
 * the message; `custom` hands `name` and `data` to the app's own handler.
 */
export const contentActionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("deep_link"), url: linkTemplate }),
    z.strictObject({ type: z.literal("url"), url: linkTemplate, newWindow: z.boolean().optional() }),
    z.strictObject({ type: z.literal("dismiss") }),
    z.strictObject({ type: z.literal("custom"), name: contentId, data: dataFieldsSchema.optional() }),
  ],
  { error: () => 'must be an action: { "type": "deep_link" | "url", "url" }, { "type": "dismiss" } or { "type": "custom", "name", "data"? }' },
);

export const BUTTON_STYLES = Object.freeze(["primary", "secondary", "link"] as const);

/** A button: `id` is what a click is attributed to (a click outcome's `linkId` in nudgekit/metrics). */
export const buttonSchema = z.strictObject({
  id: contentId,
  label: textTemplate.min(1, "must not be empty"),
  action: contentActionSchema,
  style: z.enum(BUTTON_STYLES).optional(),
});

/** At most `max` buttons with distinct ids. */
export function buttonsSchema(max: number) {
  return z
    .array(buttonSchema)
    .min(1, "must have at least one button (leave the field out for none)")
    .max(max, `must have at most ${max} buttons`)
    .superRefine((buttons, context) => {
      const seen = new Set<string>();
      buttons.forEach((button, index) => {
        if (seen.has(button.id)) context.addIssue({ code: "custom", path: [index, "id"], message: `button id ${JSON.stringify(button.id)} is used twice` });
        seen.add(button.id);
      });
    });
}
