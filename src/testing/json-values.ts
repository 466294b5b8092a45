import * as fc from "fast-check";

/*
 * Values put into generated users and events: the constants a config compares with, when known,
 * and otherwise (or besides) a few scalars rules commonly meet.
 */

const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Scalars of every JSON type, small and readable in counterexamples. */
export const scalarArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom("", "a", "pro", "free", "FR", "x y"),
  fc.boolean(),
  fc.constant(null),
);

/** A copy, so generated objects never share a nested value with the config or with each other. */
function fresh(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (JSON.parse(JSON.stringify(value)) as unknown) : value;
}

/** Mostly one of `constants`, sometimes any scalar (so conditions also fail). */
export function valueArbitrary(constants: readonly unknown[] | undefined): fc.Arbitrary<unknown> {
  if (constants === undefined || constants.length === 0) return scalarArbitrary;
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...constants).map(fresh) }, { weight: 1, arbitrary: scalarArbitrary });
}

/**
 * Sets `value` at a dotted path of `target`, creating objects on the way. Paths through prototype
 * names, or through a value that is not an object, are left alone (the engine reads them as missing).
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split(".");
  if (segments.some((segment) => segment === "" || FORBIDDEN.has(segment))) return;
  let holder = target;
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(holder, segment) ? holder[segment] : undefined;
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      holder[segment] = created;
      holder = created;
    } else if (typeof next === "object" && next !== null && !Array.isArray(next)) holder = next as Record<string, unknown>;
    else return;
  }
  holder[segments[segments.length - 1]!] = value;
}

/** An object with some of the fields (dotted paths), each drawn from its constants. */
export function fieldsArbitrary(fields: Readonly<Record<string, readonly unknown[]>>): fc.Arbitrary<Record<string, unknown>> {
  const paths = Object.keys(fields);
  if (paths.length === 0) return fc.constant({}).map(() => ({}));
  return fc.tuple(...paths.map((path) => fc.option(valueArbitrary(fields[path]), { nil: undefined, freq: 4 }))).map((values) => {
    const target: Record<string, unknown> = {};
    values.forEach((value, index) => {
      if (value !== undefined) setPath(target, paths[index]!, value);
    });
    return target;
  });
}
