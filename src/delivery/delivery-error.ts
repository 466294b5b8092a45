import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../validation/located-problems.js";

/** What a provider would reject, each with a machine-readable code (e.g. `reserved-key`, `out-of-range`). */
export interface DeliveryProblem extends LocatedProblem {
  readonly code: string;
}

/**
 * Thrown by the payload builders for what the provider would reject: every problem with its path
 * in the payload (e.g. `/data/from: reserved-key`). Nothing is sent that would bounce.
 */
export class DeliveryError extends LocatedProblemsError {
  override readonly problems: readonly DeliveryProblem[];

  constructor(provider: string, problems: readonly DeliveryProblem[]) {
    super(`invalid ${provider} payload: ${summarizeProblems(problems, "the payload", `invalid ${provider} payload`)}`, problems);
    this.name = "DeliveryError";
    this.problems = problems;
  }
}

/**
 * Thrown when the parts of a payload that are never cut (the title, the target, the headers, data
 * fields not marked truncatable) are alone over the provider's budget: `bytes` is their size.
 */
export class PayloadTooLargeError extends Error {
  readonly bytes: number;
  readonly budget: number;

  constructor(provider: string, bytes: number, budget: number) {
    super(`${provider} payload: ${bytes} bytes without the parts that may be cut, over the budget of ${budget} bytes (shorten the title or the data)`);
    this.name = "PayloadTooLargeError";
    this.bytes = bytes;
    this.budget = budget;
  }
}
