import { z } from "../validation/csp-safe-zod.js";
import { isPlainObject } from "../json/plain-object.js";

/** Content field names: words, so a field can never be `__proto__` or another inherited name. */
const CONTENT_FIELD_NAME = /^[a-z][A-Za-z0-9_]{0,63}$/;
const MAX_FIELDS = 32;
const MAX_TEMPLATE_LENGTH = 10_000;

/**
 * One channel's message: field name → template, e.g. `{ "title": "Hi {{ user.attributes.first_name | default: \"there\" }}" }`.
 * Read by own keys (zod's record would drop a "__proto__" key silently).
 */
export const channelContentSchema = z
  .custom<Record<string, string>>(isPlainObject, { message: "must be an object of content fields (title, body, …) to text templates" })
  .superRefine((content, context) => {
    const keys = Object.keys(content);
    if (keys.length > MAX_FIELDS) context.addIssue({ code: "custom", message: `at most ${MAX_FIELDS} content fields are allowed, got ${keys.length}` });
    for (const key of keys) {
      if (!CONTENT_FIELD_NAME.test(key)) context.addIssue({ code: "custom", path: [key], message: `field name ${JSON.stringify(key)} must be a word (letters, digits, _), starting with a lower-case letter` });
      const value = content[key];
      if (typeof value !== "string") context.addIssue({ code: "custom", path: [key], message: "must be a text template (a string)" });
      else if (value.length > MAX_TEMPLATE_LENGTH) context.addIssue({ code: "custom", path: [key], message: `must be at most ${MAX_TEMPLATE_LENGTH} characters` });
    }
  });

export type ChannelContent = Readonly<Record<string, string>>;
