import type { OperatorFamily } from "./operator-families.js";

/**
 * Every object of a JSON value (a prepared config's IR), depth first: what the emitter reads to
 * know what a config uses. Iterative (an IR may be deep) and one element at a time (an array may be
 * long: no spread into a call's arguments).
 */
function* jsonObjects(value: unknown): Generator<object> {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (Array.isArray(next)) {
      for (const item of next) stack.push(item);
    } else if (typeof next === "object" && next !== null) {
      yield next;
      for (const key of Object.keys(next)) stack.push((next as Record<string, unknown>)[key]);
    }
  }
}

/**
 * The operator names a prepared engine's rules may use: the key of every one-key object in the IR.
 * Rules are kept in the IR as written, so this finds every operator a rule names; it may find more
 * (a one-key object in content, say), which only costs bytes, never a missing operator.
 *
 * @example
 * operatorNamesIn({ where: { "==": [{ var: "plan" }, "pro"] } }); // Set { "where", "==", "var" }
 */
export function operatorNamesIn(ir: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  for (const object of jsonObjects(ir)) {
    const keys = Object.keys(object);
    if (keys.length === 1) names.add(keys[0] as string);
  }
  return names;
}

/**
 * The names of the template filters the IR's templates call (output parts: `{ kind: "output", filters: [{ name, args }] }`).
 *
 * @example
 * templateFilterNamesIn(prepareConfig(config).engine); // Set { "default", "url_encode" }
 */
export function templateFilterNamesIn(ir: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  for (const object of jsonObjects(ir)) {
    const { kind, filters } = object as { kind?: unknown; filters?: unknown };
    if (kind !== "output" || !Array.isArray(filters)) continue;
    for (const filter of filters) {
      const name = (filter as { name?: unknown } | null)?.name;
      if (typeof name === "string") names.add(name);
    }
  }
  return names;
}

/**
 * Whether the IR holds a template node (`{ kind: "template", … }`) anywhere: content, journeys' messages.
 *
 * @example
 * containsTemplate(prepareConfig({ campaigns: [{ …, content: { push: { title: "Hi" } } }] }).engine); // false
 */
export function containsTemplate(ir: unknown): boolean {
  for (const object of jsonObjects(ir)) if ((object as { kind?: unknown }).kind === "template") return true;
  return false;
}

/**
 * The families that hold at least one of `names`, each with the names it holds among them (in the family's order).
 *
 * @example
 * familiesUsing(RULE_OPERATOR_FAMILIES, new Set(["==", "var"])); // [{ family: data-access, names: ["var"] }, { family: comparison, names: ["=="] }]
 */
export function familiesUsing(families: readonly OperatorFamily[], names: ReadonlySet<string>): readonly { readonly family: OperatorFamily; readonly names: readonly string[] }[] {
  return families.flatMap((family) => {
    const used = family.names.filter((name) => names.has(name));
    return used.length === 0 ? [] : [{ family, names: used }];
  });
}
