import { isPlainObject } from "../../json/plain-object.js";

/**
 * The profile paths segment rules read with `var` (`"user.attributes.plan"`), sorted: the only
 * attributes a run loads from the profiles file. A `var` of another root (`now`, `history`) or of
 * a computed path is left to the SQL translator, which refuses it with the rule's path.
 *
 * @example
 * profilePathsOf([{ and: [{ "==": [{ var: "user.attributes.plan" }, "pro"] }, { var: ["user.vip", false] }] }]);
 * // ["user.attributes.plan", "user.vip"]
 */
export function profilePathsOf(rules: readonly unknown[]): string[] {
  const paths = new Set<string>();
  // Iterative: a rule nested 10,000 levels deep must not overflow the stack.
  const stack: unknown[] = [...rules];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (!isPlainObject(node)) continue;
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === "var") {
      const argument = node.var;
      const path = Array.isArray(argument) ? argument[0] : argument;
      if (typeof path === "string" && path.startsWith("user.") && path.length > "user.".length) paths.add(path);
    }
    for (const key of keys) stack.push(node[key]);
  }
  return [...paths].sort();
}

/** The keys of a profile path under `user` (`"user.attributes.plan"` → `["attributes", "plan"]`), as json-logic's `var` splits it. */
export const profileKeysOf = (path: string): string[] => path.slice("user.".length).split(".");

/** A JSON pointer (RFC 6901) to the value at a profile path in a profile object. */
export const profilePointerOf = (path: string): string => profileKeysOf(path).map((key) => `/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
