/**
 * The leaves of message content: text templates (the Liquid subset, see docs/personalisation.md),
 * links (templates whose values are URL-encoded) and the app's own `data` fields.
 */
import { z } from "../../validation/csp-safe-zod.js";
import { isPlainObject } from "../../json/plain-object.js";
import { CONTENT_FIELD_NAME, INHERITED_NAMES, isContentFieldName } from "../../json/content-field-name.js";
import { isUnsafeLink } from "../../json/unsafe-link.js";

const MAX_DATA_FIELDS = 32;
export const MAX_TEMPLATE_LENGTH = 10_000;
const MAX_LINK_LENGTH = 2_048;


/** A text template ("Hi {{ user.attributes.first_name | default: \"there\" }}"): rendered as text, or HTML-escaped in an email's HTML body. */
export const textTemplate = z.string().max(MAX_TEMPLATE_LENGTH, `must be at most ${MAX_TEMPLATE_LENGTH.toLocaleString("en")} characters`);

/**
 * A link template: an app link (`shop://cart`), an https URL or a path (`/pricing`). Values written
 * into it are URL-encoded, except one that starts it (the whole link, read from data), which must
 * render to a link without an unsafe scheme (`javascript:`, `data:`…) or the field renders empty.
 */
export const linkTemplate = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_LINK_LENGTH, `must be at most ${MAX_LINK_LENGTH.toLocaleString("en")} characters`)
  .refine((link) => !isUnsafeLink(link), { message: "must not use a javascript:, vbscript:, data:, file: or blob: link" })
  .refine((link) => link.startsWith("{{") || link.startsWith("/") || link.startsWith("#") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(link), {
    message: 'must be a link with a scheme ("https://…", "shop://…"), a path ("/pricing") or start with a template value ("{{ event.properties.url }}")',
  });

/** Ids (buttons, cards, steps, questions, options): what clicks and answers are attributed to; never templates. */
export const contentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { message: "must be an id of letters, digits, _ . : - (at most 64 characters, starting with a letter or digit)" });

/**
 * The app's own fields: name → text template, e.g. `{ "promo": "CART10" }`; push sends them as
 * data. Read by own keys (zod's record would drop a "__proto__" key silently).
 */
export const dataFieldsSchema = z
  .custom<Record<string, string>>(isPlainObject, { message: "must be an object of field names to text templates" })
  .superRefine((data, context) => {
    const keys = Object.keys(data);
    if (keys.length > MAX_DATA_FIELDS) context.addIssue({ code: "custom", message: `at most ${MAX_DATA_FIELDS} data fields are allowed, got ${keys.length}` });
    for (const key of keys) {
      if (!CONTENT_FIELD_NAME.test(key)) context.addIssue({ code: "custom", path: [key], message: `field name ${JSON.stringify(key)} must be a word (letters, digits, _), starting with a lower-case letter` });
      else if (!isContentFieldName(key)) context.addIssue({ code: "custom", path: [key], message: `field name ${JSON.stringify(key)} is a name every object inherits: choose another` });
      const value = data[key];
      if (typeof value !== "string") context.addIssue({ code: "custom", path: [key], message: "must be a text template (a string)" });
      else if (value.length > MAX_TEMPLATE_LENGTH) context.addIssue({ code: "custom", path: [key], message: `must be at most ${MAX_TEMPLATE_LENGTH.toLocaleString("en")} characters` });
    }
  })
  .meta({ type: "object", maxProperties: MAX_DATA_FIELDS, propertyNames: { pattern: CONTENT_FIELD_NAME.source, not: { enum: [...INHERITED_NAMES] } }, additionalProperties: { type: "string", maxLength: MAX_TEMPLATE_LENGTH } });
