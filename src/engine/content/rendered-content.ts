/**
 * The rendered content a decision carries: the config's content with every template rendered for
 * the user (so the same shape, with text where the config had templates).
 */
import type { z } from "../../validation/csp-safe-zod.js";
import type { buttonSchema, contentActionSchema } from "../../schema/content/content-actions.js";
import type { anchorSchema, carouselCardSchema, surveyQuestionSchema, thankYouSchema, tourStepSchema } from "../../schema/content/in-app-content-schema.js";
import type { inAppContentFieldsSchema } from "../../schema/content/in-app-content-schema.js";
import type { emailContentFieldsSchema, pushContentFieldsSchema, smsContentFieldsSchema } from "../../schema/content/message-content-schemas.js";

/** What a tap does: open `url` in the app (`deep_link`) or the browser (`url`), close the message (`dismiss`), or the app's own `custom` handler. */
export type ContentAction = z.output<typeof contentActionSchema>;
/** A button; clicks are attributed to its `id`. */
export type ContentButton = z.output<typeof buttonSchema>;
/** A carousel's card. */
export type CarouselCard = z.output<typeof carouselCardSchema>;
/** A product tour's step. */
export type TourStep = z.output<typeof tourStepSchema>;
/** A tooltip's or tour step's anchor: a CSS selector (web) or a screen id (apps). */
export type ContentAnchor = z.output<typeof anchorSchema>;
/** A survey question: `rating` (0–10 by default), `single_choice`, `multiple_choice` or `text`. */
export type SurveyQuestion = z.output<typeof surveyQuestionSchema>;
/** A survey's last screen. */
export type SurveyThankYou = z.output<typeof thankYouSchema>;

/** Rendered in-app content (which fields are set depends on the format). */
export type InAppMessageContent = z.output<typeof inAppContentFieldsSchema>;
/** Rendered push or Web Push content. */
export type PushMessageContent = z.output<typeof pushContentFieldsSchema>;
/** Rendered email content: `html` HTML-escaped where values were written, the rest text. */
export type EmailMessageContent = z.output<typeof emailContentFieldsSchema>;
/** Rendered SMS content. */
export type SmsMessageContent = z.output<typeof smsContentFieldsSchema>;

/**
 * A decision's content, whatever the channel: every field optional (read `decision.channel`, and
 * `decision.format` in-app, to know which are set). Links (`image`, `deepLink`, an action's `url`)
 * are "" when what they rendered to was unsafe.
 */
export type RenderedContent = InAppMessageContent & PushMessageContent & EmailMessageContent & SmsMessageContent;
