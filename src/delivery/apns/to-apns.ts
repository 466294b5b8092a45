import { isPlainObject } from "../../json/plain-object.js";
import type { FieldTexts, PayloadSize } from "../budget/fit-to-budget.js";
import { addData, checkBudget, fitPush, type PushFitOptions } from "../budget/fit-push.js";
import { utf8Length } from "../budget/utf8-length.js";
import { dataPath, pushContentOf, type PushContent } from "../content/push-content.js";
import { DeliveryError, type DeliveryProblem } from "../delivery-error.js";

/** APNs' payload limits in bytes: 4 KB for every push, 5 KB for VoIP. */
export const APNS_BUDGET = 4_096;
export const APNS_VOIP_BUDGET = 5_120;

export const APNS_INTERRUPTION_LEVELS = Object.freeze(["passive", "active", "time-sensitive", "critical"] as const);
export type ApnsInterruptionLevel = (typeof APNS_INTERRUPTION_LEVELS)[number];

/** Where the push goes: the app's bundle id (`apns-topic`). */
export interface ApnsTarget {
  readonly topic: string;
}

export interface ApnsOptions extends PushFitOptions {
  /** `alert` (default), `background` (silent: content-available, no alert, priority 5) or `voip`. */
  readonly pushType?: "alert" | "background" | "voip";
  /** 10 (at once; default for alerts), 5 (when the device sees fit; required for background) or 1. */
  readonly priority?: 1 | 5 | 10;
  /** `apns-expiration`: epoch seconds after which APNs stops trying (0: once). */
  readonly expiration?: number;
  readonly interruptionLevel?: ApnsInterruptionLevel;
  /** Which notification the summary puts first: 0 to 1. */
  readonly relevanceScore?: number;
}

/** What to send to APNs: the HTTP/2 request's headers and the JSON payload (`body`, within the budget). */
export interface ApnsRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** `payload` serialised: send exactly this. */
  readonly body: string;
  readonly size: PayloadSize;
}

const ALERT_CUTS = ["body", "subtitle"] as const;

/** The payload from the content and the (possibly cut) texts: `aps` and the app's own keys. */
function apnsPayload(content: PushContent, texts: FieldTexts, options: ApnsOptions, background: boolean): Record<string, unknown> {
  const aps: Record<string, unknown> = {};
  if (background) aps["content-available"] = 1;
  else {
    const alert: Record<string, string> = { title: content.title };
    const subtitle = texts.get("subtitle");
    const body = texts.get("body");
    if (subtitle != null) alert["subtitle"] = subtitle;
    if (body != null) alert["body"] = body;
    aps["alert"] = alert;
    if (content.badge !== null) aps["badge"] = content.badge;
    if (content.sound !== null) aps["sound"] = content.sound;
    if (content.category !== null) aps["category"] = content.category;
    if (content.threadId !== null) aps["thread-id"] = content.threadId;
    // An image is fetched by the app's notification service extension, which runs only for mutable content.
    if (content.image !== null) aps["mutable-content"] = 1;
    const level = options.interruptionLevel ?? (content.timeSensitive ? "time-sensitive" : undefined);
    if (level !== undefined) aps["interruption-level"] = level;
    if (options.relevanceScore !== undefined) aps["relevance-score"] = options.relevanceScore;
  }
  const payload: Record<string, unknown> = { aps };
  if (content.image !== null) payload["image"] = content.image;
  if (content.deepLink !== null) payload["deepLink"] = content.deepLink;
  // The actions shown are the registered category's; the app reads what each does here.
  if (content.buttons.length > 0) payload["buttons"] = content.buttons;
  addData(payload, content, texts);
  return payload;
}

/**
 * The APNs request for a decision's push: headers (`apns-push-type`, `apns-priority`, `apns-topic`,
 * `apns-collapse-id`, `apns-expiration`) and the payload — `aps` (alert title, subtitle and body,
 * badge, sound, category, thread-id, mutable-content for an image, interruption-level,
 * relevance-score) and the content's other fields as the app's keys (`image`, `deepLink`, data).
 * Within the budget: over it, the body, then the subtitle, then `truncatableData` are cut on
 * grapheme boundaries with an ellipsis (`size` says which). Throws a `DeliveryError` for what APNs
 * would reject, a `PayloadTooLargeError` when the rest alone is over the budget. Pure: sends nothing.
 *
 * @example
 * const request = toApns({ content: { title: "Your cart", body: "10% off today", deepLink: "shop://cart" } }, { topic: "com.shop.app" });
 * request.headers; // { "apns-push-type": "alert", "apns-priority": "10", "apns-topic": "com.shop.app" }
 * request.body; // '{"aps":{"alert":{"title":"Your cart","body":"10% off today"}},"deepLink":"shop://cart"}'
 */
export function toApns(decision: { readonly content: unknown }, target: ApnsTarget, options: ApnsOptions = {}): ApnsRequest {
  const problems: DeliveryProblem[] = [];
  const pushType = options.pushType ?? "alert";
  const background = pushType === "background";
  const content = pushContentOf(isPlainObject(decision) ? decision.content : undefined, problems, !background);
  const priority = options.priority ?? (background ? 5 : 10);
  if (!(typeof target?.topic === "string" && target.topic.length > 0)) problems.push({ path: "/target/topic", code: "missing", message: "the topic (the app's bundle id) is required" });
  if (!["alert", "background", "voip"].includes(pushType)) problems.push({ path: "/options/pushType", code: "not-allowed", message: `pushType must be alert, background or voip, got ${JSON.stringify(pushType)}` });
  if (![1, 5, 10].includes(priority)) problems.push({ path: "/options/priority", code: "not-allowed", message: `priority must be 1, 5 or 10, got ${JSON.stringify(priority)}` });
  if (background && priority !== 5) problems.push({ path: "/options/priority", code: "background-priority", message: "a background push must have priority 5 (APNs rejects 10)" });
  if (options.interruptionLevel !== undefined && !(APNS_INTERRUPTION_LEVELS as readonly string[]).includes(options.interruptionLevel)) problems.push({ path: "/options/interruptionLevel", code: "not-allowed", message: `interruptionLevel must be one of ${APNS_INTERRUPTION_LEVELS.join(", ")}` });
  if (options.relevanceScore !== undefined && !(typeof options.relevanceScore === "number" && options.relevanceScore >= 0 && options.relevanceScore <= 1)) problems.push({ path: "/options/relevanceScore", code: "out-of-range", message: "relevanceScore must be a number from 0 to 1" });
  if (options.expiration !== undefined && !(Number.isSafeInteger(options.expiration) && options.expiration >= 0)) problems.push({ path: "/options/expiration", code: "out-of-range", message: "expiration must be whole epoch seconds ≥ 0" });
  if (content.collapseKey !== null && utf8Length(content.collapseKey) > 64) problems.push({ path: "/content/collapseKey", code: "too-long", message: "apns-collapse-id must be at most 64 bytes" });
  for (const name of ["aps", "image", "deepLink", "buttons"]) if (Object.hasOwn(content.data, name)) problems.push({ path: dataPath(content, name), code: "reserved-key", message: `${JSON.stringify(name)} is a key the payload uses itself` });
  const budget = options.budget ?? (pushType === "voip" ? APNS_VOIP_BUDGET : APNS_BUDGET);
  checkBudget(budget, problems);
  if (problems.length > 0) throw new DeliveryError("APNs", problems);

  const headers: Record<string, string> = { "apns-push-type": pushType, "apns-priority": String(priority), "apns-topic": pushType === "voip" && !target.topic.endsWith(".voip") ? `${target.topic}.voip` : target.topic };
  if (content.collapseKey !== null) headers["apns-collapse-id"] = content.collapseKey;
  if (options.expiration !== undefined) headers["apns-expiration"] = String(options.expiration);

  const fitted = fitPush("APNs", content, background ? [] : ALERT_CUTS, (current) => apnsPayload(content, current, options, background), budget, options);
  return { headers, payload: fitted.payload, body: fitted.serialized, size: fitted.size };
}
