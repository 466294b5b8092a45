import { parse } from "acorn";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule } from "../../src/rules/index.js";
import { codegenBackend, ruleSource } from "../../src/rules/codegen/index.js";
import { sourceOfTree } from "../../src/rules/codegen/rule-source.js";
import type { CompiledNode, CompiledOperation } from "../../src/rules/compiler/compile-node.js";
import { compileTree } from "../../src/rules/compiler/compile-tree.js";

/*
 * Generated code is an attack surface (Ajv and json-logic-engine both had CVEs there). Nothing from a
 * rule may reach the source except as a literal: this parses the source of hostile rules with a real
 * JavaScript parser and checks every identifier, member name, call and literal in it.
 */

/** Text a rule author (or an attacker) may put in keys, paths and values. */
const HOSTILE = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  '"',
  "'",
  "\\",
  "`",
  "${process.exit(1)}",
  "</script><script>alert(1)</script>",
  "\u2028",
  "\u2029",
  "/*",
  "*/",
  "//",
  "\n",
  "\r",
  "\0",
  "a.b",
  "x\"]; globalThis.pwned = 1; [\"",
  "'); globalThis.pwned = 1; ('",
  "}); globalThis.pwned = 1; ({",
  "h0",
  "t0",
  "d",
  "c",
  "",
];

const hostileText = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 }), fc.constantFrom(...HOSTILE).chain((a) => fc.constantFrom(...HOSTILE).map((b) => `${a}.${b}`)));
const hostileValue = fc.oneof(hostileText, fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null));
const path = fc.oneof(hostileText, fc.integer({ min: -2, max: 5 }));
const read = fc.oneof(
  path.map((at) => ({ var: at })),
  fc.tuple(path, hostileValue).map(([at, fallback]) => ({ var: [at, fallback] })),
);

/** Rules of the operators the backend writes out (and a few it delegates), over hostile text. */
const hostileRule: fc.Arbitrary<unknown> = fc.letrec<{ rule: unknown }>((tie) => {
  const rule = tie("rule");
  const operand = fc.oneof({ depthSize: "small" }, read, hostileValue, rule);
  return {
    rule: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      read,
      fc.tuple(fc.constantFrom("==", "!=", "===", "!==", "<", "<=", ">", ">="), operand, operand).map(([operator, a, b]) => ({ [operator]: [a, b] })),
      fc.tuple(fc.constantFrom("and", "or"), fc.array(operand, { minLength: 1, maxLength: 4 })).map(([operator, args]) => ({ [operator]: args })),
      fc.tuple(fc.constantFrom("!", "!!"), operand).map(([operator, a]) => ({ [operator]: [a] })),
      fc.array(operand, { maxLength: 5 }).map((args) => ({ if: args })),
      fc.tuple(operand, fc.array(hostileValue, { maxLength: 4 })).map(([a, list]) => ({ in: [a, list] })),
      fc.array(operand, { maxLength: 3 }).map((args) => ({ cat: args })),
      fc.tuple(fc.constantFrom("+", "-", "*", "/", "%"), operand, operand).map(([operator, a, b]) => ({ [operator]: [a, b] })),
      fc.tuple(fc.constantFrom("all", "some", "none", "map", "filter"), operand, operand).map(([operator, list, body]) => ({ [operator]: [list, body] })),
      fc.tuple(operand, operand, operand).map(([list, body, initial]) => ({ reduce: [list, body, initial] })),
      fc.tuple(operand, hostileText).map(([list, key]) => ({ reduce: [list, { "+": [{ var: "accumulator" }, { var: `current.${key}` }] }, 0] })),
    ),
  };
}).rule;

/** The compiled tree of a rule and what the generated source may legitimately contain. */
function compiled(rule: unknown) {
  const operations = new Map<CompiledNode, CompiledOperation>();
  const { node, env } = compileTree(rule, {}, undefined, (compiledNode, operation) => operations.set(compiledNode, operation));
  if (node === undefined || env.problems.length > 0 || node.known) return undefined;
  // Every string a literal may hold: known values, path segments and JSON pointers of the tree.
  const strings = new Set<string>(["number", "string", "boolean", "object"]);
  const visit = (current: CompiledNode): void => {
    strings.add(current.path);
    // Known values, and the strings inside known lists (an `in` list is written out as literals).
    const addStrings = (value: unknown): void => {
      if (typeof value === "string") strings.add(value);
      else if (Array.isArray(value)) value.forEach(addStrings);
    };
    if (current.known) addStrings(current.value);
    if (current.read !== undefined) {
      for (const segment of current.read.segments) strings.add(segment);
      if (typeof current.read.fallback === "string") strings.add(current.read.fallback);
    }
    for (const arg of operations.get(current)?.args ?? []) visit(arg);
  };
  visit(node);
  return { ...sourceOfTree(node, operations), strings };
}

interface AstNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

function* walk(node: unknown): Generator<AstNode> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
    return;
  }
  if (typeof node !== "object" || node === null || typeof (node as AstNode).type !== "string") return;
  yield node as AstNode;
  for (const [key, value] of Object.entries(node)) if (key !== "type" && key !== "start" && key !== "end") yield* walk(value);
}

const GENERATED_NAME = /^(?:[dch]|rule|undefined|h\d+|t\d+|f\d+)$/;
/** Member names the generated code uses: `hasOwnProperty.call`, a list's length and push, a Set's has, a reduce step's fields. */
const MEMBER_NAMES = new Set(["call", "length", "push", "has", "current", "accumulator"]);
const ALLOWED_NODES = new Set([
  "Program",
  "VariableDeclaration",
  "VariableDeclarator",
  "ReturnStatement",
  "FunctionExpression",
  "BlockStatement",
  "Identifier",
  "Literal",
  "MemberExpression",
  "CallExpression",
  "ConditionalExpression",
  "LogicalExpression",
  "BinaryExpression",
  "UnaryExpression",
  "AssignmentExpression",
  "SequenceExpression",
  "FunctionDeclaration",
  "ForStatement",
  "IfStatement",
  "UpdateExpression",
  "ArrayExpression",
  "ObjectExpression",
  "Property",
]);

/** Checks the source's syntax tree; returns what is wrong, or an empty list. */
function problemsOf(source: string, strings: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  // The source is a function body (it ends with `return function rule…`): parsed as one.
  const program = parse(`(function (h) {\n${source}\n})`, { ecmaVersion: 2022 });
  const nodes = [...walk(program)];
  // `.call` of `hasOwnProperty.call(…)`: a member name, checked below, not a variable.
  const memberNames = new Set(nodes.filter((node) => node.type === "MemberExpression" && node.computed !== true).map((node) => node.property));
  // A reduce step built as { current, accumulator }: those two keys, and nothing computed.
  for (const node of nodes) {
    if (node.type !== "Property") continue;
    const key = node.key as AstNode;
    if (node.computed === true || key.type !== "Identifier" || (key.name !== "current" && key.name !== "accumulator")) problems.push("an object key that is not a reduce step's");
    memberNames.add(key);
  }
  for (const node of nodes) {
    if (!ALLOWED_NODES.has(node.type) && node.type !== "ExpressionStatement") problems.push(`node ${node.type}`);
    if (node.type === "Identifier" && !memberNames.has(node) && !GENERATED_NAME.test(node.name as string)) problems.push(`identifier ${String(node.name)}`);
    if (node.type === "MemberExpression") {
      const property = node.property as AstNode;
      if (node.computed === true) {
        // A literal key, or a loop's index (a generated temporary) into a list.
        const index = property.type === "Identifier" && /^t\d+$/.test(property.name as string) && (node.object as AstNode).type === "Identifier";
        if (property.type !== "Literal" && !index) problems.push("computed member that is not a literal");
      } else if (!MEMBER_NAMES.has(property.name as string)) problems.push(`member .${String(property.name)}`);
    }
    if (node.type === "CallExpression") {
      const callee = node.callee as AstNode;
      // A helper, a loop function, `h<n>.call` / `h<n>.has`, or `t<n>.push` (a list the code built).
      const object = callee.object as AstNode | undefined;
      const ok =
        (callee.type === "Identifier" && /^[hf]\d+$/.test(callee.name as string)) ||
        (callee.type === "MemberExpression" && object?.type === "Identifier" && (/^h\d+$/.test(object.name as string) || (/^t\d+$/.test(object.name as string) && (callee.property as AstNode).name === "push")));
      if (!ok) problems.push("a call of something that is not a helper");
    }
    if (node.type === "Literal" && typeof node.value === "string" && !strings.has(node.value)) problems.push(`string literal ${JSON.stringify(node.value)} is not one of the rule's`);
    if (node.type === "Literal" && node.regex !== undefined) problems.push("a regular expression");
  }
  return problems;
}

describe("the generated source of hostile rules (issue 20)", () => {
  it("holds only generated names, helper calls and the rule's own literals (10,000 rules, parsed with acorn)", () => {
    let checked = 0;
    fc.assert(
      fc.property(hostileRule, (rule) => {
        const generated = compiled(rule);
        if (generated === undefined) return;
        checked++;
        expect(problemsOf(generated.source, generated.strings)).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
    expect(checked).toBeGreaterThan(5_000);
  });

  it("runs them with the closures' results, and nothing escapes into the global object", () => {
    fc.assert(
      fc.property(hostileRule, fc.dictionary(hostileText, hostileValue, { maxKeys: 4 }), (rule, data) => {
        let closures: unknown;
        try {
          closures = compileRule(rule)(data);
        } catch {
          return; // an invalid rule: refused alike (RuleError)
        }
        expect(compileRule(rule, { backend: codegenBackend })(data)).toEqual(closures);
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it("an injection attempt in a key is a string literal in a bracket read, nothing more", () => {
    const rule = { "==": [{ var: 'x"]; globalThis.pwned = 1; ["' }, "</script>\u2028"] };
    const generated = compiled(rule);
    expect(generated).toBeDefined();
    expect(problemsOf(generated?.source ?? "", generated?.strings ?? new Set())).toEqual([]);
    // The path splits at its dots: each segment is one JSON string inside brackets.
    expect(generated?.source).toContain(`[${JSON.stringify('x"]; globalThis')}]`);
    expect(generated?.source).toContain(`[${JSON.stringify('pwned = 1; ["')}]`);
    expect(ruleSource(rule)?.source).toBe(generated?.source);
    expect(ruleSource({ "==": [1, 1] })).toBeNull();
    // Inert inside an HTML script element, and one line per statement whatever the text.
    expect(generated?.source).not.toMatch(/<|\u2028|\u2029/);
    expect(compileRule(rule, { backend: codegenBackend })({})).toBe(false);
    expect(compileRule(rule, { backend: codegenBackend })({ x: { 'x"]; globalThis': { 'pwned = 1; ["': "</script>\u2028" } } })).toBe(false);
  });
});
