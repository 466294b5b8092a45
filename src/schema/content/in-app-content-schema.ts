/**
 * In-app content: one schema with every in-app field; which fields a format takes (a carousel's
 * cards, a tour's steps, a survey's questions) is IN_APP_FORMAT_FIELDS, checked when the campaign
 * (whose `format` it is) compiles.
 */
import { z } from "../../validation/csp-safe-zod.js";
import type { InAppFormat } from "../../channels/surface.js";
import { buttonSchema, buttonsSchema, contentActionSchema } from "./content-actions.js";
import { contentId, dataFieldsSchema, linkTemplate, textTemplate } from "./content-fields.js";

export const TOOLTIP_PLACEMENTS = Object.freeze(["auto", "top", "bottom", "left", "right", "center"] as const);

/** What a tooltip or tour step points at: an element of a web page (CSS selector) or a screen of an app. */
export const anchorSchema = z.union([z.strictObject({ selector: z.string().min(1).max(512, "must be at most 512 characters") }), z.strictObject({ screen: contentId })], {
  error: () => 'must be { "selector": "#cart-button" } (a web element) or { "screen": "checkout" } (an app screen)',
});

/** Distinct `id`s in a list of items. */
function distinctIds<T extends { id: string }>(what: string) {
  return (items: readonly T[], context: z.RefinementCtx<T[]>): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) context.addIssue({ code: "custom", path: [index, "id"], message: `${what} id ${JSON.stringify(item.id)} is used twice` });
      seen.add(item.id);
    });
  };
}

/** One card of a carousel. */
export const carouselCardSchema = z
  .strictObject({
    id: contentId,
    title: textTemplate.optional(),
    body: textTemplate.optional(),
    image: linkTemplate.optional(),
    imageAlt: textTemplate.optional(),
    /** Tapping the card. */
    action: contentActionSchema.optional(),
    button: buttonSchema.optional(),
  })
  .refine((card) => card.title !== undefined || card.body !== undefined || card.image !== undefined, { message: "a card needs a title, a body or an image" });

/** One step of a product tour, in order. */
export const tourStepSchema = z.strictObject({
  id: contentId,
  anchor: anchorSchema,
  placement: z.enum(TOOLTIP_PLACEMENTS).optional(),
  title: textTemplate.optional(),
  body: textTemplate,
  image: linkTemplate.optional(),
  imageAlt: textTemplate.optional(),
  buttons: buttonsSchema(2).optional(),
});

const questionBase = { id: contentId, prompt: textTemplate.min(1, "must not be empty"), required: z.boolean().optional() };
const choiceOptions = z
  .array(z.strictObject({ id: contentId, label: textTemplate.min(1, "must not be empty") }))
  .min(2, "must offer at least 2 options")
  .max(20, "must offer at most 20 options")
  .superRefine(distinctIds("option"));

/** A survey question: a rating (NPS: 0–10), a single or multiple choice, or free text. */
export const surveyQuestionSchema = z.discriminatedUnion(
  "type",
  [
  z
    .strictObject({
      ...questionBase,
      type: z.literal("rating"),
      min: z.number().int().min(0).max(10).optional(),
      max: z.number().int().min(1).max(10).optional(),
      lowLabel: textTemplate.optional(),
      highLabel: textTemplate.optional(),
    })
    .refine((question) => (question.min ?? 0) < (question.max ?? 10), { message: "min must be below max (the scale is 0–10 by default)", path: ["max"] }),
  z.strictObject({ ...questionBase, type: z.literal("single_choice"), options: choiceOptions }),
  z
    .strictObject({ ...questionBase, type: z.literal("multiple_choice"), options: choiceOptions, maxSelections: z.number().int().min(1).max(20).optional() })
    .refine((question) => question.maxSelections === undefined || question.maxSelections <= question.options.length, { message: "maxSelections must not exceed the number of options", path: ["maxSelections"] }),
  z.strictObject({ ...questionBase, type: z.literal("text"), placeholder: textTemplate.optional(), maxLength: z.number().int().min(1).max(5_000).optional() }),
  ],
  { error: () => 'must be a question: { "id", "type": "rating" | "single_choice" | "multiple_choice" | "text", "prompt", … }' },
);

/** The screen after the last answer. */
export const thankYouSchema = z.strictObject({ title: textTemplate.optional(), body: textTemplate.optional(), buttons: buttonsSchema(2).optional() });

/** Every in-app field; see IN_APP_FORMAT_FIELDS for which a format takes. */
export const inAppContentFieldsSchema = z.strictObject({
  title: textTemplate.optional(),
  body: textTemplate.optional(),
  image: linkTemplate.optional(),
  imageAlt: textTemplate.optional(),
  /** Tapping the message itself. */
  action: contentActionSchema.optional(),
  buttons: buttonsSchema(4).optional(),
  /** Tooltip: what it points at, and on which side. */
  anchor: anchorSchema.optional(),
  placement: z.enum(TOOLTIP_PLACEMENTS).optional(),
  /** Carousel: 1–10 cards. */
  cards: z.array(carouselCardSchema).min(1, "must have at least one card").max(10, "must have at most 10 cards").superRefine(distinctIds("card")).optional(),
  /** Product tour: 1–20 steps, in order. */
  steps: z.array(tourStepSchema).min(1, "must have at least one step").max(20, "must have at most 20 steps").superRefine(distinctIds("step")).optional(),
  /** Survey: 1–20 questions, in order, then `thankYou`. */
  questions: z.array(surveyQuestionSchema).min(1, "must have at least one question").max(20, "must have at most 20 questions").superRefine(distinctIds("question")).optional(),
  thankYou: thankYouSchema.optional(),
  /** The app's own fields. */
  data: dataFieldsSchema.optional(),
});

/** The name of an in-app content field. */
export type InAppField = keyof z.output<typeof inAppContentFieldsSchema>;

/** Per format: the fields it takes, and those it needs (one of each inner list). */
export const IN_APP_FORMAT_FIELDS: Readonly<Record<InAppFormat, { readonly takes: readonly InAppField[]; readonly needs: readonly (readonly InAppField[])[] }>> = Object.freeze({
  banner: { takes: ["title", "body", "image", "imageAlt", "action", "buttons", "data"], needs: [["title", "body"]] },
  modal: { takes: ["title", "body", "image", "imageAlt", "action", "buttons", "data"], needs: [["title", "body"]] },
  full_screen: { takes: ["title", "body", "image", "imageAlt", "action", "buttons", "data"], needs: [["title", "body"]] },
  card: { takes: ["title", "body", "image", "imageAlt", "action", "buttons", "data"], needs: [["title", "body"]] },
  tooltip: { takes: ["title", "body", "image", "imageAlt", "action", "buttons", "anchor", "placement", "data"], needs: [["title", "body"], ["anchor"]] },
  carousel: { takes: ["title", "cards", "data"], needs: [["cards"]] },
  product_tour: { takes: ["title", "steps", "data"], needs: [["steps"]] },
  survey: { takes: ["title", "body", "questions", "thankYou", "data"], needs: [["questions"]] },
});
