import { field } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import type { DeliveryProblem } from "../delivery-error.js";

/** A push's button: `id` comes back with the tap (Web Push `action`); `action` is what the app does. */
export interface PushButton {
  readonly id: string;
  readonly label: string;
  readonly action: { readonly type: "deep_link" | "url" | "dismiss" | "custom"; readonly url?: string; readonly name?: string };
}

/** A push notification as the builders read it: the decision's content fields by name; `data` and any other field are the app's data. */
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
  /** Buttons: Web Push actions, and a `buttons` key for the apps (the iOS `category` names the actions the app registered). */
  readonly buttons: readonly PushButton[];
  /** Breaks through Focus and scheduled summaries (APNs interruption level `time-sensitive`). */
  readonly timeSensitive: boolean;
  /** Where each data field was written (`/content/data/promo`, or `/content/promo` at the top): what problems point at. */
  readonly dataPaths: Readonly<Record<string, string>>;
  /** The content's `data` fields and every other field, as text: the app's own data. */
  readonly data: Readonly<Record<string, string>>;
}

/** Content fields the builders read themselves; every other field goes to `data`. */
export const PUSH_FIELDS = Object.freeze(["title", "subtitle", "body", "image", "icon", "deepLink", "sound", "badge", "category", "threadId", "collapseKey", "buttons", "timeSensitive", "data"] as const);

const ACTION_TYPES: readonly string[] = ["deep_link", "url", "dismiss", "custom"];

/** The buttons of rendered content: each an id, a label and an action (`url` for links, `name` for custom). */
function buttonsOf(value: unknown, problems: DeliveryProblem[]): PushButton[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: "/content/buttons", code: "not-a-list", message: "buttons must be a list of { id, label, action }" });
    return [];
  }
  const buttons: PushButton[] = [];
  value.forEach((button: unknown, index) => {
    const id = field(button, "id");
    const label = field(button, "label");
    const action = field(button, "action");
    const type = field(action, "type");
    const url = field(action, "url");
    const name = field(action, "name");
    if (typeof id !== "string" || id.length === 0 || typeof label !== "string" || label.length === 0 || typeof type !== "string" || !ACTION_TYPES.includes(type)) {
      problems.push({ path: `/content/buttons/${index}`, code: "not-a-button", message: "a button is { id, label, action: { type: deep_link | url | dismiss | custom } } with a non-empty id and label" });
      return;
    }
    if ((type === "deep_link" || type === "url") && (typeof url !== "string" || url.length === 0)) {
      problems.push({ path: `/content/buttons/${index}/action/url`, code: "missing", message: `a ${type} button needs a url (an unsafe link renders empty)` });
      return;
    }
    buttons.push({ id, label, action: { type: type as PushButton["action"]["type"], ...(typeof url === "string" ? { url } : {}), ...(typeof name === "string" ? { name } : {}) } });
  });
  return buttons;
}

/** Makes a data value text (providers take string data); false when it cannot be. */
function dataText(data: Record<string, string>, paths: Record<string, string>, name: string, value: unknown, path: string, problems: DeliveryProblem[]): void {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  } catch {
    problems.push({ path, code: "not-json", message: "must be text or JSON (it is cyclic, or holds a BigInt)" });
    return;
  }
  // Own keys only, defined (a "__proto__" name stays a plain data key).
  Object.defineProperty(data, name, { value: text, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(paths, name, { value: path, enumerable: true, writable: true, configurable: true });
}

/** Where a data field of `content` was written, for a problem's path. */
export function dataPath(content: PushContent, name: string): string {
  return Object.hasOwn(content.dataPaths, name) ? (content.dataPaths[name] as string) : `/content/${name}`;
}

const text = (content: unknown, name: string): string | null => {
  const value = field(content, name);
  return typeof value === "string" && value.length > 0 ? value : null;
};

/**
 * Reads a decision's content (rendered text fields) as a push notification: `title` (required),
 * `subtitle`, `body`, `image`, `icon`, `deepLink`, `sound`, `badge` (a count), `category`,
 * `threadId`, `collapseKey`, `buttons`, `timeSensitive`; `data`'s fields, and every other field,
 * are data. Problems go to `problems` with their path
 * (a silent push, `requireTitle` false, needs no title).
 *
 * @example
 * pushContentOf({ title: "Still thinking?", body: "10% off", deepLink: "shop://cart", data: { promo: "CART10" } }, []);
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
  const dataPaths: Record<string, string> = {};
  if (isPlainObject(content)) {
    const own = content["data"];
    if (own !== undefined && !isPlainObject(own)) problems.push({ path: "/content/data", code: "not-an-object", message: "data must be an object of fields" });
    else if (own !== undefined) for (const [name, value] of Object.entries(own)) dataText(data, dataPaths, name, value, `/content/data/${name}`, problems);
    // Content written by hand may hold its data at the top: every field the builders do not read.
    for (const [name, value] of Object.entries(content)) {
      if ((PUSH_FIELDS as readonly string[]).includes(name)) continue;
      if (Object.hasOwn(data, name)) problems.push({ path: `/content/${name}`, code: "duplicate", message: `${JSON.stringify(name)} is both a field and a data field` });
      else dataText(data, dataPaths, name, value, `/content/${name}`, problems);
    }
  }
  const timeSensitive = field(content, "timeSensitive");
  if (timeSensitive !== undefined && typeof timeSensitive !== "boolean") problems.push({ path: "/content/timeSensitive", code: "not-a-boolean", message: "timeSensitive must be true or false" });
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
    buttons: buttonsOf(field(content, "buttons"), problems),
    timeSensitive: timeSensitive === true,
    dataPaths,
    data,
  };
}
