import { z as zod } from "zod";

// zod 4 compiles object parsers with the Function constructor when it can, and finds out whether it
// can by constructing an empty function as each object schema is built: under a strict Content-Security-Policy
// that probe is a reported violation, and anywhere else it is eval. nudgekit promises neither, so
// every nudgekit schema is built with the `z` exported here, after turning zod's JIT off (zod's
// documented setting for CSP environments). It is zod's global setting: an app sharing this zod
// instance parses objects without the JIT too (a little slower, the same results).
//
// `z` is the result of the call that turns the JIT off, not a re-export: a bundler that trusts
// `"sideEffects": false` keeps the call for as long as any schema uses `z`.
function withoutJit(instance: typeof zod): typeof zod {
  instance.config({ jitless: true });
  return instance;
}

export const z: typeof zod = withoutJit(zod);

/** The zod types nudgekit's schemas name through `z` (the namespace side of zod's `z`). */
export declare namespace z {
  type input<T> = zod.input<T>;
  type output<T> = zod.output<T>;
  type ZodType = zod.ZodType;
  type ZodError = zod.ZodError;
  type ZodObject = zod.ZodObject;
  type ZodOptional<T extends zod.ZodType> = zod.ZodOptional<T>;
  type RefinementCtx<T> = zod.RefinementCtx<T>;
}
