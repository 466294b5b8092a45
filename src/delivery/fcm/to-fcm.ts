import { isPlainObject } from "../../json/plain-object.js";
import type { FieldTexts, PayloadSize } from "../budget/fit-to-budget.js";
import { addData, checkBudget, fitPush, type PushFitOptions } from "../budget/fit-push.js";
import { utf8Length } from "../budget/utf8-length.js";
import { dataPath, pushContentOf, type PushContent } from "../content/push-content.js";
import { DeliveryError, type DeliveryProblem } from "../delivery-error.js";
import { isHttpsUrl, isHttpUrl } from "../content/http-url.js";

/** FCM's limit on what a message carries (notification and data), in bytes. */
export const FCM_BUDGET = 4_096;
/** FCM keeps a message at most 28 days. */
export const FCM_MAX_TTL_MS = 28 * 86_400_000;

/** Exactly one of a device's registration token, a topic, or a condition on topics. */
export type FcmTarget = { readonly token: string } | { readonly topic: string } | { readonly condition: string };

export interface FcmOptions extends PushFitOptions {
  /** Android: `high` (default: shown at once) or `normal`. */
  readonly priority?: "high" | "normal";
  /** How long FCM keeps trying, in ms (0 to 28 days). */
  readonly ttlMs?: number;
  /** Android: the notification channel (Android 8+). */
  readonly channelId?: string;
  /** Android: the small icon's colour, "#RRGGBB". */
  readonly color?: string;
  /** FCM's analytics label. */
  readonly analyticsLabel?: string;
}

/** A message in two spellings: what the HTTP v1 API takes, and what firebase-admin's `send` takes. */
export interface FcmMessage {
  /** POST `{ message }` to `https://fcm.googleapis.com/v1/projects/<project>/messages:send` (within the budget). */
  readonly message: Readonly<Record<string, unknown>>;
  /** The same message for firebase-admin's `getMessaging().send(adminMessage)` (camelCase, ttl in ms, `imageUrl`). */
  readonly adminMessage: Readonly<Record<string, unknown>>;
  readonly size: PayloadSize;
}

/** Data keys FCM keeps for itself. */
const RESERVED_DATA_KEYS = new Set(["from", "notification", "message_type"]);
const RESERVED_DATA_PREFIXES = ["google", "gcm"];

const CUTS = ["body", "subtitle"] as const;

/** The duration string of the HTTP v1 API, as firebase-admin writes it ("3600s", "1.500000000s"). */
function durationText(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  const nanos = Math.floor((milliseconds - seconds * 1000) * 1_000_000);
  return nanos > 0 ? `${seconds}.${String(nanos).padStart(9, "0")}s` : `${seconds}s`;
}

/** The message without its target, in the HTTP v1 spelling (`rest`) or firebase-admin's. */
function fcmMessage(content: PushContent, texts: FieldTexts, options: FcmOptions, rest: boolean): Record<string, unknown> {
  const body = texts.get("body");
  const subtitle = texts.get("subtitle");
  const notification: Record<string, string> = { title: content.title };
  if (body != null) notification["body"] = body;
  if (content.image !== null) notification[rest ? "image" : "imageUrl"] = content.image;
  const data: Record<string, string> = {};
  if (content.deepLink !== null) data["deepLink"] = content.deepLink;
  // Data values are strings: the app reads its buttons back with JSON.parse.
  if (content.buttons.length > 0) data["buttons"] = JSON.stringify(content.buttons);
  addData(data, content, texts);
  const androidNotification: Record<string, string> = {};
  if (options.channelId !== undefined) androidNotification[rest ? "channel_id" : "channelId"] = options.channelId;
  if (content.sound !== null) androidNotification["sound"] = content.sound;
  if (content.threadId !== null) androidNotification["tag"] = content.threadId;
  if (options.color !== undefined) androidNotification["color"] = options.color;
  if (content.category !== null) androidNotification[rest ? "click_action" : "clickAction"] = content.category;
  const android: Record<string, unknown> = { priority: options.priority ?? "high" };
  if (content.collapseKey !== null) android[rest ? "collapse_key" : "collapseKey"] = content.collapseKey;
  if (options.ttlMs !== undefined) android["ttl"] = rest ? durationText(options.ttlMs) : options.ttlMs;
  if (Object.keys(androidNotification).length > 0) android["notification"] = androidNotification;
  const aps: Record<string, unknown> = {};
  if (subtitle != null) aps["alert"] = { subtitle };
  if (content.sound !== null) aps["sound"] = content.sound;
  if (content.badge !== null) aps["badge"] = content.badge;
  if (content.category !== null) aps["category"] = content.category;
  if (content.threadId !== null) aps[rest ? "thread-id" : "threadId"] = content.threadId;
  if (content.timeSensitive) aps["interruption-level"] = "time-sensitive";
  // The app's notification service extension fetches the image: it runs only for mutable content.
  if (content.image !== null) aps[rest ? "mutable-content" : "mutableContent"] = rest ? 1 : true;
  const apns: Record<string, unknown> = {};
  if (content.collapseKey !== null) apns["headers"] = { "apns-collapse-id": content.collapseKey };
  if (Object.keys(aps).length > 0) apns["payload"] = { aps };
  if (content.image !== null) apns["fcmOptions"] = { [rest ? "image" : "imageUrl"]: content.image };
  const message: Record<string, unknown> = { notification };
  if (Object.keys(data).length > 0) message["data"] = data;
  message["android"] = android;
  if (Object.keys(apns).length > 0) message["apns"] = apns;
  // The web link must be https (FCM refuses another).
  if (isHttpsUrl(content.deepLink)) message["webpush"] = { fcmOptions: { link: content.deepLink } };
  if (options.analyticsLabel !== undefined) message["fcmOptions"] = { analyticsLabel: options.analyticsLabel };
  return message;
}

/**
 * The FCM message for a decision's push (Android, iOS through APNs, the web): `notification`
 * (title, body, image), `data` (the deep link, the buttons as JSON text, and the content's data, as strings), an
 * `android` block (priority, collapse key, TTL, channel, sound, tag, colour, click action), an
 * `apns` block (subtitle, sound, badge, category, thread-id, mutable-content for an image, the
 * `time-sensitive` interruption level) and the
 * web link. Within the budget: over it, the body, then the subtitle, then `truncatableData` are cut
 * on grapheme boundaries with an ellipsis. Throws a `DeliveryError` for what FCM would reject
 * (reserved data keys, a colour or TTL out of form, an image that is not an http(s) URL), a
 * `PayloadTooLargeError` when the rest alone is over the budget. Pure: sends nothing.
 *
 * @example
 * const fcm = toFcm({ content: { title: "Your cart", body: "10% off today", deepLink: "shop://cart" } }, { token: "fcm-token" }, { ttlMs: 3_600_000 });
 * fcm.message; // { token: "fcm-token", notification: { title: "Your cart", body: "10% off today" }, data: { deepLink: "shop://cart" }, android: { priority: "high", ttl: "3600s" } }
 * fcm.adminMessage.android; // { priority: "high", ttl: 3600000 }
 */
export function toFcm(decision: { readonly content: unknown }, target: FcmTarget, options: FcmOptions = {}): FcmMessage {
  const problems: DeliveryProblem[] = [];
  const content = pushContentOf(isPlainObject(decision) ? decision.content : undefined, problems);
  const targets = isPlainObject(target) ? (["token", "topic", "condition"] as const).filter((key) => typeof target[key as keyof typeof target] === "string" && (target[key as keyof typeof target] as string).length > 0) : [];
  if (targets.length !== 1) problems.push({ path: "/target", code: "target", message: "exactly one of token, topic and condition is required" });
  const topic = isPlainObject(target) ? (target as Record<string, unknown>)["topic"] : undefined;
  if (typeof topic === "string" && !/^(?:\/topics\/)?[a-zA-Z0-9-_.~%]+$/.test(topic)) problems.push({ path: "/target/topic", code: "not-allowed", message: "a topic name is letters, digits and -_.~%" });
  for (const name of Object.keys(content.data)) {
    const lower = name.toLowerCase();
    if (RESERVED_DATA_KEYS.has(lower) || RESERVED_DATA_PREFIXES.some((prefix) => lower.startsWith(prefix))) problems.push({ path: dataPath(content, name), code: "reserved-key", message: `${JSON.stringify(name)} is a data key FCM keeps for itself (from, notification, message_type, google…, gcm…)` });
  }
  for (const name of ["deepLink", "buttons"]) if (Object.hasOwn(content.data, name)) problems.push({ path: dataPath(content, name), code: "reserved-key", message: `${JSON.stringify(name)} is a data key the message uses itself` });
  if (content.image !== null && !isHttpUrl(content.image)) problems.push({ path: "/content/image", code: "not-a-url", message: "image must be an http(s) URL" });
  if (content.collapseKey !== null && utf8Length(content.collapseKey) > 64) problems.push({ path: "/content/collapseKey", code: "too-long", message: "the collapse key goes to APNs as apns-collapse-id: at most 64 bytes" });
  if (options.priority !== undefined && options.priority !== "high" && options.priority !== "normal") problems.push({ path: "/options/priority", code: "not-allowed", message: "priority must be high or normal" });
  if (options.ttlMs !== undefined && !(Number.isFinite(options.ttlMs) && options.ttlMs >= 0 && options.ttlMs <= FCM_MAX_TTL_MS)) problems.push({ path: "/options/ttlMs", code: "out-of-range", message: "ttlMs must be from 0 to 28 days in milliseconds" });
  if (options.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(options.color)) problems.push({ path: "/options/color", code: "not-a-color", message: 'color must be "#RRGGBB"' });
  const budget = options.budget ?? FCM_BUDGET;
  checkBudget(budget, problems);
  if (problems.length > 0) throw new DeliveryError("FCM", problems);

  const fitted = fitPush("FCM", content, CUTS, (current) => fcmMessage(content, current, options, true), budget, options);
  // HTTP v1 takes a topic without "/topics/" (firebase-admin strips it too).
  const targetField = Object.fromEntries(targets.map((key) => [key, key === "topic" ? (target as Record<string, string>)[key]!.replace(/^\/topics\//, "") : (target as Record<string, string>)[key]]));
  return { message: { ...targetField, ...fitted.payload }, adminMessage: { ...targetField, ...fcmMessage(content, fitted.texts, options, false) }, size: fitted.size };
}
