import type { PushContent } from "../content/push-content.js";
import type { DeliveryProblem } from "../delivery-error.js";
import { PayloadTooLargeError } from "../delivery-error.js";
import { fitToBudget, type FieldTexts, type PayloadSize } from "./fit-to-budget.js";
import { utf8Length } from "./utf8-length.js";

/** What every builder takes for its budget and cuts. */
export interface PushFitOptions {
  /** Bytes at most (default: the provider's — APNs 4,096, VoIP 5,120, FCM 4,096 without the target, Web Push 3,993); lower for a stricter one. */
  readonly budget?: number;
  /** Data fields that may be cut short after the provider's own texts (body, subtitle), in that order. */
  readonly truncatableData?: readonly string[];
  /** Appended to a cut text (default "…"). */
  readonly ellipsis?: string;
}

/** A problem when the budget is not a whole number of bytes above 0. */
export function checkBudget(budget: number, problems: DeliveryProblem[]): void {
  if (!(Number.isSafeInteger(budget) && budget > 0)) problems.push({ path: "/options/budget", code: "out-of-range", message: "budget must be a whole number of bytes > 0" });
}

/** Copies the content's data into `target` as own properties, each as cut (a field cut out is left out). */
export function addData(target: Record<string, unknown>, content: PushContent, texts: FieldTexts): void {
  for (const [name, value] of Object.entries(content.data)) {
    const text = texts.get(`data.${name}`);
    if (text !== null) Object.defineProperty(target, name, { value: text ?? value, enumerable: true, writable: true, configurable: true });
  }
}

/**
 * Builds a push within its budget: the provider's texts (`cuts`, in the order they are cut: body,
 * subtitle) and then the data fields marked truncatable. Throws a `PayloadTooLargeError` with the
 * size of what may not be cut when that alone is over the budget.
 */
export function fitPush<P>(provider: string, content: PushContent, cuts: readonly ("body" | "subtitle")[], build: (texts: FieldTexts) => P, budget: number, options: PushFitOptions): { payload: P; serialized: string; texts: FieldTexts; size: PayloadSize } {
  const texts = new Map<string, string | null>(cuts.map((name) => [name, content[name]]));
  const dataCuts = (options.truncatableData ?? []).filter((name) => Object.hasOwn(content.data, name));
  for (const name of dataCuts) texts.set(`data.${name}`, content.data[name] as string);
  const fitted = fitToBudget(build, JSON.stringify, texts, [...cuts, ...dataCuts.map((name) => `data.${name}`)], budget, options.ellipsis === undefined ? {} : { ellipsis: options.ellipsis });
  if (fitted === null) throw new PayloadTooLargeError(provider, utf8Length(JSON.stringify(build(new Map([...texts.keys()].map((name) => [name, null]))))), budget);
  return fitted;
}
