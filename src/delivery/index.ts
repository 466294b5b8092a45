/**
 * nudgekit/delivery — provider payloads for a decided push, built within the providers' size limits:
 * FCM (HTTP v1 and firebase-admin), APNs (headers and payload) and Web Push (`showNotification`
 * options, the service-worker or declarative message). Pure: nothing is sent, encrypted or fetched.
 */
export { toFcm, FCM_BUDGET, FCM_MAX_TTL_MS, type FcmMessage, type FcmOptions, type FcmTarget } from "./fcm/to-fcm.js";
export { toApns, APNS_BUDGET, APNS_VOIP_BUDGET, APNS_INTERRUPTION_LEVELS, type ApnsInterruptionLevel, type ApnsOptions, type ApnsRequest, type ApnsTarget } from "./apns/to-apns.js";
export { toWebPush, WEB_PUSH_BUDGET, WEB_PUSH_MAX_ACTIONS, DECLARATIVE_WEB_PUSH, type WebPushAction, type WebPushMessage, type WebPushOptions } from "./web-push/to-web-push.js";
export { pushContentOf, PUSH_FIELDS, type PushContent, type PushButton } from "./content/push-content.js";
export { isHttpUrl } from "./content/http-url.js";
export { fitToBudget, type FieldTexts, type FitOptions, type PayloadSize } from "./budget/fit-to-budget.js";
export type { PushFitOptions } from "./budget/fit-push.js";
export { graphemes, graphemeBoundaryAtOrBefore, type GraphemeSplitter } from "./budget/graphemes.js";
export { utf8Length } from "./budget/utf8-length.js";
export { DeliveryError, PayloadTooLargeError, type DeliveryProblem } from "./delivery-error.js";
export { smsSegments, type SmsSegments } from "./sms/sms-segments.js";
