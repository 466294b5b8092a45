import { StatisticsInputError } from "./statistics-input-error.js";

// Checks at the public boundary. Callers may be plain JavaScript, so types are checked at run time too.

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return value === null ? "null" : typeof value;
}

/** A whole number of users, conversions, …: a safe integer ≥ 0. */
export function requireCount(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new StatisticsInputError(field, `must be a whole number ≥ 0; got ${describe(value)}`);
  }
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string") throw new StatisticsInputError(field, `must be a string; got ${describe(value)}`);
  return value;
}

export function requireFinite(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new StatisticsInputError(field, `must be a finite number; got ${describe(value)}`);
  }
  return value;
}

export function requireNonNegative(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new StatisticsInputError(field, `must be a finite number ≥ 0; got ${describe(value)}`);
  }
  return value;
}

export function requirePositive(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new StatisticsInputError(field, `must be a finite number > 0; got ${describe(value)}`);
  }
  return value;
}

/** A probability such as a confidence level, alpha or power: strictly between 0 and 1. */
export function requireOpenUnitInterval(value: unknown, field: string): number {
  if (typeof value !== "number" || !(value > 0 && value < 1)) {
    throw new StatisticsInputError(field, `must be a number strictly between 0 and 1; got ${describe(value)}`);
  }
  return value;
}

/** Any number but NaN: distribution functions accept ±Infinity as an argument. */
export function requireNotNaN(value: unknown, field: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new StatisticsInputError(field, `must be a number; got ${describe(value)}`);
  }
  return value;
}

export function requireObject(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StatisticsInputError(field, `must be an object; got ${Array.isArray(value) ? "an array" : describe(value)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

/** `undefined` (option not given) is allowed; anything else must be an object. */
export function optionalObject(value: unknown, field: string): Readonly<Record<string, unknown>> {
  return value === undefined ? {} : requireObject(value, field);
}

export function requireArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new StatisticsInputError(field, `must be an array; got ${describe(value)}`);
  return value;
}

/** Users and conversions of one arm: whole numbers with conversions ≤ users. */
export function requireConversionCounts(value: unknown, field: string): { users: number; conversions: number } {
  const arm = requireObject(value, field);
  const users = requireCount(arm["users"], `${field}.users`);
  const conversions = requireCount(arm["conversions"], `${field}.conversions`);
  if (conversions > users) {
    throw new StatisticsInputError(`${field}.conversions`, `must not exceed ${field}.users (${users}); got ${conversions}`);
  }
  return { users, conversions };
}

/** The prior of a Beta–Binomial model: both parameters finite and > 0. */
export function requireBetaPrior(value: unknown, field: string): { alpha: number; beta: number } {
  if (value === undefined) return { alpha: 1, beta: 1 };
  const prior = requireObject(value, field);
  return { alpha: requirePositive(prior["alpha"], `${field}.alpha`), beta: requirePositive(prior["beta"], `${field}.beta`) };
}
