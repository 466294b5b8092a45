import { expect } from "vitest";
import { loadEngine, PreparedConfigError } from "../../src/index.js";

/** The message of the PreparedConfigError that loadEngine throws for `prepared` (a test failure when it loads). */
export function refusal(prepared: unknown): string {
  try {
    loadEngine(prepared);
  } catch (error) {
    expect(error).toBeInstanceOf(PreparedConfigError);
    return (error as Error).message;
  }
  throw new Error("loadEngine accepted it");
}
