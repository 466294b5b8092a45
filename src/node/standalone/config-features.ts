import type { OperatorFamily } from "./operator-families.js";

/**
 * The operator names a prepared engine's rules may use: the key of every one-key object in the IR.
 * Rules are kept in the IR as written, so this finds every operator a rule names; it may find more
 * (a one-key object in content, say), which only costs bytes, never a missing operator.
 */
export function operatorNamesIn(ir: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  const stack: unknown[] = [ir];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (typeof value === "object" && value !== null) {
      const keys = Object.keys(value);
      if (keys.length === 1) names.add(keys[0] as string);
      for (const key of keys) stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return names;
}

/** The families that hold at least one of `names`, each with the names it holds among them (in the family's order). */
export function familiesUsing(families: readonly OperatorFamily[], names: ReadonlySet<string>): readonly { readonly family: OperatorFamily; readonly names: readonly string[] }[] {
  return families.flatMap((family) => {
    const used = family.names.filter((name) => names.has(name));
    return used.length === 0 ? [] : [{ family, names: used }];
  });
}

/** The names of the template filters the IR's templates call (output parts: `{ kind: "output", filters: [{ name, args }] }`). */
export function templateFilterNamesIn(ir: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  const stack: unknown[] = [ir];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value);
    else if (typeof value === "object" && value !== null) {
      const { kind, filters } = value as { kind?: unknown; filters?: unknown };
      if (kind === "output" && Array.isArray(filters)) for (const filter of filters) if (typeof (filter as { name?: unknown } | null)?.name === "string") names.add((filter as { name: string }).name);
      stack.push(...Object.values(value));
    }
  }
  return names;
}
