import { isPlainObject } from "../../json/plain-object.js";
import type { FieldTexts, PayloadSize } from "../budget/fit-to-budget.js";
import { addData, checkBudget, fitPush, type PushFitOptions } from "../budget/fit-push.js";
import { isHttpsUrl, isHttpUrl } from "../content/http-url.js";
import { dataPath, pushContentOf, type PushContent } from "../content/push-content.js";
import { DeliveryError, type DeliveryProblem } from "../delivery-error.js";

/**
 * Plaintext bytes a Web Push message may carry: one aes128gcm record of 4,096 bytes, less its
 * 86-byte header, the 16-byte tag and the padding delimiter (RFC 8188, RFC 8291).
 */
export const WEB_PUSH_BUDGET = 3_993;
/** Buttons browsers show at most (Chrome's `Notification.maxActions`). */
export const WEB_PUSH_MAX_ACTIONS = 2;
/** The member that marks a Declarative Web Push message (WebKit). */
export const DECLARATIVE_WEB_PUSH = 8030;

/** A notification button: `action` comes back in the `notificationclick` event. */
export interface WebPushAction {
  readonly action: string;
  readonly title: string;
  readonly icon?: string;
}

export interface WebPushOptions extends PushFitOptions {
  /** `service-worker` (default: `{ title, options }` for `showNotification`) or `declarative` (Declarative Web Push: shown without a service worker; needs an https deep link). */
  readonly format?: "service-worker" | "declarative";
  readonly actions?: readonly WebPushAction[];
  /** Buttons allowed at most (default 2). */
  readonly maxActions?: number;
  /** Alert again when it replaces a notification with the same tag (needs a tag: `threadId` or `collapseKey`). */
  readonly renotify?: boolean;
  /** Stay on screen until the user acts. */
  readonly requireInteraction?: boolean;
  readonly silent?: boolean;
  readonly lang?: string;
  readonly dir?: "auto" | "ltr" | "rtl";
}

/** A Web Push message: what `showNotification(title, options)` takes, and the plaintext to encrypt and send. */
export interface WebPushMessage {
  readonly title: string;
  /** `NotificationOptions`: body, icon, image, tag, renotify, actions, data (`deepLink`, `appBadge` and the content's other fields); for a declarative message, its `notification` member. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The message to encrypt (aes128gcm) and send: `{ title, options }`, or the declarative form. */
  readonly payload: string;
  readonly size: PayloadSize;
}

const DIRECTIONS = ["auto", "ltr", "rtl"];


/** A declarative message's buttons from the content: those with an https link, as many as `maxActions` allows. */
function declarativeButtons(content: PushContent, options: WebPushOptions): { action: string; title: string; navigate: string }[] {
  const linked = content.buttons.flatMap((button) => {
    const navigate = button.action.url;
    return isHttpsUrl(navigate) ? [{ action: button.id, title: button.label, navigate }] : [];
  });
  return linked.slice(0, options.maxActions ?? WEB_PUSH_MAX_ACTIONS);
}

/** The buttons shown: the options' actions, else the content's buttons, as many as `maxActions` allows (the rest stay in `data.buttons`). */
function actionsOf(content: PushContent, options: WebPushOptions): readonly WebPushAction[] {
  if (options.actions !== undefined) return options.actions;
  return content.buttons.slice(0, options.maxActions ?? WEB_PUSH_MAX_ACTIONS).map((button) => ({ action: button.id, title: button.label }));
}

function notificationOptions(content: PushContent, texts: FieldTexts, options: WebPushOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const body = texts.get("body");
  if (body != null) result["body"] = body;
  if (content.icon !== null) result["icon"] = content.icon;
  if (content.image !== null) result["image"] = content.image;
  const tag = content.collapseKey ?? content.threadId;
  if (tag !== null) result["tag"] = tag;
  if (options.renotify === true) result["renotify"] = true;
  if (options.requireInteraction === true) result["requireInteraction"] = true;
  if (options.silent === true) result["silent"] = true;
  if (options.lang !== undefined) result["lang"] = options.lang;
  if (options.dir !== undefined) result["dir"] = options.dir;
  const actions = actionsOf(content, options);
  if (actions.length > 0) result["actions"] = actions.map((action) => ({ action: action.action, title: action.title, ...(action.icon === undefined ? {} : { icon: action.icon }) }));
  const data: Record<string, unknown> = {};
  if (content.deepLink !== null) data["deepLink"] = content.deepLink;
  // The service worker's notificationclick gets the button's id as `event.action`: this says what it does.
  if (content.buttons.length > 0) data["buttons"] = content.buttons;
  if (content.badge !== null) data["appBadge"] = content.badge;
  addData(data, content, texts);
  if (Object.keys(data).length > 0) result["data"] = data;
  return result;
}

/** Declarative Web Push (WebKit): the notification the browser shows by itself, with `navigate` the page a tap opens. */
function declarative(content: PushContent, texts: FieldTexts, options: WebPushOptions): Record<string, unknown> {
  const notification: Record<string, unknown> = { title: content.title, navigate: content.deepLink };
  const body = texts.get("body");
  if (body != null) notification["body"] = body;
  const tag = content.collapseKey ?? content.threadId;
  if (tag !== null) notification["tag"] = tag;
  if (options.silent === true) notification["silent"] = true;
  if (options.lang !== undefined) notification["lang"] = options.lang;
  if (options.dir !== undefined) notification["dir"] = options.dir;
  // The browser opens `navigate` for a button: the content's buttons without an https link (dismiss, app links, custom) are left out.
  const actions = options.actions?.map((action) => ({ action: action.action, title: action.title, navigate: content.deepLink })) ?? declarativeButtons(content, options);
  if (actions.length > 0) notification["actions"] = actions;
  const data: Record<string, string> = {};
  addData(data, content, texts);
  if (Object.keys(data).length > 0) notification["data"] = data;
  const message: Record<string, unknown> = { web_push: DECLARATIVE_WEB_PUSH, notification };
  if (content.badge !== null) message["app_badge"] = String(content.badge);
  return message;
}

/**
 * The Web Push message for a decision's push: the title and `NotificationOptions` (body, icon,
 * image, tag from `collapseKey` or `threadId`, renotify, the buttons — `options.actions`, else the
 * content's first `maxActions` buttons — and data: the deep link, the buttons, the badge count, the
 * content's data), and the plaintext to encrypt — `{ title, options }`
 * for a service worker's `showNotification`, or the Declarative Web Push form. Within the budget
 * (3,993 bytes: one aes128gcm record): over it, the body, then `truncatableData` are cut on grapheme
 * boundaries with an ellipsis. Throws a `DeliveryError` for what browsers reject (renotify without
 * a tag, more buttons than `maxActions`, a declarative message without an https link), a
 * `PayloadTooLargeError` when the rest alone is over the budget. Pure: encrypts and sends nothing.
 *
 * @example
 * const push = toWebPush({ content: { title: "Back in stock", body: "Your size is here", deepLink: "https://shop.example/p/42", collapseKey: "p42" } });
 * push.options; // { body: "Your size is here", tag: "p42", data: { deepLink: "https://shop.example/p/42" } }
 * push.payload; // '{"title":"Back in stock","options":{"body":"Your size is here","tag":"p42","data":{"deepLink":"https://shop.example/p/42"}}}'
 */
export function toWebPush(decision: { readonly content: unknown }, options: WebPushOptions = {}): WebPushMessage {
  const problems: DeliveryProblem[] = [];
  const content = pushContentOf(isPlainObject(decision) ? decision.content : undefined, problems);
  const format = options.format ?? "service-worker";
  if (format !== "service-worker" && format !== "declarative") problems.push({ path: "/options/format", code: "not-allowed", message: "format must be service-worker or declarative" });
  if (options.renotify === true && content.collapseKey === null && content.threadId === null) problems.push({ path: "/options/renotify", code: "renotify-without-tag", message: "renotify needs a tag (the content's collapseKey or threadId): browsers reject it without one" });
  const maxActions = options.maxActions ?? WEB_PUSH_MAX_ACTIONS;
  const actions = options.actions ?? [];
  if (actions.length > maxActions) problems.push({ path: "/options/actions", code: "too-many-actions", message: `at most ${maxActions} buttons (got ${actions.length})` });
  actions.forEach((action, index) => {
    if (!(typeof action?.action === "string" && action.action.length > 0 && typeof action.title === "string" && action.title.length > 0)) problems.push({ path: `/options/actions/${index}`, code: "missing", message: "a button needs an action id and a title" });
    if (action?.icon !== undefined && !isHttpUrl(action.icon)) problems.push({ path: `/options/actions/${index}/icon`, code: "not-a-url", message: "a button's icon must be an http(s) URL" });
  });
  for (const name of ["icon", "image"] as const) if (content[name] !== null && !isHttpUrl(content[name] as string)) problems.push({ path: `/content/${name}`, code: "not-a-url", message: `${name} must be an http(s) URL` });
  if (options.dir !== undefined && !DIRECTIONS.includes(options.dir)) problems.push({ path: "/options/dir", code: "not-allowed", message: "dir must be auto, ltr or rtl" });
  if (format === "declarative" && !isHttpsUrl(content.deepLink)) problems.push({ path: "/content/deepLink", code: "navigate-required", message: "a declarative message opens an https page: the deep link must be one" });
  if (format === "declarative") {
    // What a declarative message cannot carry is refused rather than dropped.
    for (const name of ["renotify", "requireInteraction"] as const) if (options[name] === true) problems.push({ path: `/options/${name}`, code: "not-in-declarative", message: `a declarative message has no ${name}` });
    for (const name of ["icon", "image"] as const) if (content[name] !== null) problems.push({ path: `/content/${name}`, code: "not-in-declarative", message: `a declarative message has no ${name}` });
  }
  for (const name of ["deepLink", "appBadge", "buttons"]) if (Object.hasOwn(content.data, name)) problems.push({ path: dataPath(content, name), code: "reserved-key", message: `${JSON.stringify(name)} is a data key the message uses itself` });
  const budget = options.budget ?? WEB_PUSH_BUDGET;
  checkBudget(budget, problems);
  if (problems.length > 0) throw new DeliveryError("Web Push", problems);

  const build = (current: FieldTexts): Record<string, unknown> => (format === "declarative" ? declarative(content, current, options) : { title: content.title, options: notificationOptions(content, current, options) });
  const fitted = fitPush("Web Push", content, ["body"], build, budget, options);
  const shown = format === "declarative" ? ((fitted.payload as { notification: Record<string, unknown> }).notification as Record<string, unknown>) : notificationOptions(content, fitted.texts, options);
  return { title: content.title, options: shown, payload: fitted.serialized, size: fitted.size };
}
