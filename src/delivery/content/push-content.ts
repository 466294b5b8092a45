import { field } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import type { DeliveryProblem } from "../delivery-error.js";

/** A push notification as the builders read it: the decision's content fields by name; the others are `data`. */
export interface PushContent {
  readonly title: string;
  readonly subtitle: string | null;
  readonly body: string | null;
  /** An https URL. */
  readonly image: string | null;
  /** Web Push: the small icon's URL. */
  readonly icon: string | null;
  /** Where a tap leads: an app link (`shop://cart`) or a URL. */
  readonly deepLink: string | null;
  readonly sound: string | null;
  /** The app icon's badge count (a whole number ≥ 0). */
  readonly badge: number | null;
  /** The action buttons' set (APNs category, Android click action). */
  readonly category: string | null;
  /** Groups notifications (APNs thread-id, Android tag, Web Push tag). */
  readonly threadId: string | null;
  /** A newer message with the same key replaces an older one (APNs collapse id, FCM collapse key, Web Push tag). */
  readonly collapseKey: string | null;
  /** Every other content field, as text: the app's own data. */
  readonly data: Readonly<Record<string, string>>;
}

/** Content fields the builders read themselves; every other field goes to `data`. */
export const PUSH_FIELDS = Object.freeze(["title", "subtitle", "body", "image", "icon", "deepLink", "sound", "badge", "category", "threadId", "collapseKey"] as const);

const text = (content: unknown, name: string): string | null => {
  const value = field(content, name);
  return typeof value === "string" && value.length > 0 ? value : null;
};

/**
 * Reads a decision's content (rendered text fields) as a push notification: `title` (required),
 * `subtitle`, `body`, `image`, `icon`, `deepLink`, `sound`, `badge` (a count), `category`,
 * `threadId`, `collapseKey`; every other field is data. Problems go to `problems` with their path
 * (a silent push, `requireTitle` false, needs no title).
 *
 * @example
 * pushContentOf({ title: "Still thinking?", body: "10% off", deepLink: "shop://cart", promo: "CART10" }, []);
 * // { title: "Still thinking?", body: "10% off", deepLink: "shop://cart", data: { promo: "CART10" }, subtitle: null, … }
 */
export function pushContentOf(content: unknown, problems: DeliveryProblem[], requireTitle = true): PushContent {
  if (!isPlainObject(content)) problems.push({ path: "/content", code: "not-an-object", message: "content must be an object of text fields" });
  const title = text(content, "title");
  if (title === null && requireTitle) problems.push({ path: "/content/title", code: "missing", message: "a push needs a title (a non-empty text)" });
  const badgeText = field(content, "badge");
  let badge: number | null = null;
  if (badgeText !== undefined) {
    badge = typeof badgeText === "number" ? badgeText : typeof badgeText === "string" && /^\d{1,9}$/.test(badgeText.trim()) ? Number(badgeText.trim()) : Number.NaN;
    if (!(Number.isSafeInteger(badge) && badge >= 0)) {
      problems.push({ path: "/content/badge", code: "not-a-count", message: `badge must be a whole number ≥ 0, got ${JSON.stringify(badgeText)}` });
      badge = null;
    }
  }
  const data: Record<string, string> = {};
  if (isPlainObject(content)) {
    for (const [name, value] of Object.entries(content)) {
      if ((PUSH_FIELDS as readonly string[]).includes(name)) continue;
      // Own keys only; a value that is not text is made text (providers take string data).
      let text: string;
      try {
        text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
      } catch {
        problems.push({ path: `/content/${name}`, code: "not-json", message: "must be text or JSON (it is cyclic, or holds a BigInt)" });
        continue;
      }
      Object.defineProperty(data, name, { value: text, enumerable: true, writable: true, configurable: true });
    }
  }
  return {
    title: title ?? "",
    subtitle: text(content, "subtitle"),
    body: text(content, "body"),
    image: text(content, "image"),
    icon: text(content, "icon"),
    deepLink: text(content, "deepLink"),
    sound: text(content, "sound"),
    badge,
    category: text(content, "category"),
    threadId: text(content, "threadId"),
    collapseKey: text(content, "collapseKey"),
    data,
  };
}
