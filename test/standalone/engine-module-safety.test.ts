/**
 * An engine module's sources are generated from a config, so the config is an attack surface: its
 * strings (ids, content, rule literals, event names, operator-like keys) must never become code.
 * The emitter writes the config only as the string literal JSON.parse reads, and names only
 * operators of nudgekit's own tables; these tests parse what it writes for hostile configs and
 * check the exact shape of the code (test/rules/codegen-safety.test.ts does the same for rules).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "acorn";
import { syntaxNodes } from "../support/syntax-nodes.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareConfig } from "../../src/index.js";
import { engineOfModule } from "../../src/runtime/index.js";
import { emitEngineModule } from "../../src/node/standalone/index.js";
import { behaviouralOperatorGroupsSource, builtInOperatorFamiliesSource, entrySource } from "../../src/node/standalone/engine-module-source.js";
import { familiesUsing, operatorNamesIn } from "../../src/node/standalone/config-features.js";
import { BEHAVIOURAL_OPERATOR_GROUPS, RULE_OPERATOR_FAMILIES } from "../../src/node/standalone/operator-families.js";

const dir = mkdtempSync(join(tmpdir(), "nudgekit-engine-module-safety-"));

/** Strings that would end a literal, a comment or a script, or smuggle a line break, in any quoting. */
const PAYLOADS = ["'", '"', "`", "\\", "\\'", "${x}", "*/", "/*", "//", "</script><script>alert(1)</script>", "\u2028", "\u2029", "\n", "\r", "'); globalThis.pwned = 1; ('", '"); globalThis.pwned = 1; ("', "`+globalThis.pwned+`", "\u0000", "\ud800", "__proto__", "constructor"];
const hostile = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: "grapheme", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }), fc.tuple(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 6 })).map(([a, b]) => a + b));

/** A valid config carrying the strings where a config may hold any text: an event name, a rule literal and path, content, a segment name. */
const hostileConfig = fc.record({ event: hostile, literal: hostile, path: hostile, title: hostile, name: hostile }).map(({ event, literal, path, title, name }) => ({
  segments: [{ id: "pros", name, rule: { "==": [{ var: `user.attributes.${path}` }, literal] } }],
  campaigns: [
    {
      id: "hostile",
      category: "promotional",
      channels: ["push"],
      trigger: { event: event === "" ? "x" : event, where: { in: [{ var: "event.properties.kind" }, [literal, `${literal}!`]] } },
      audience: { include: ["pros"] },
      content: { push: { title: title === "" ? "x" : title.replace(/[{}%]/g, ""), data: { key: literal } } },
    },
  ],
}));

const program = (source: string) => parse(source, { ecmaVersion: "latest", sourceType: "module" });

describe("engine module sources of hostile configs", () => {
  it("the entry: two imports of nudgekit's files, meta of literals, JSON.parse of one literal that is the IR — nothing else", () => {
    fc.assert(
      fc.property(hostileConfig, (config) => {
        let prepared;
        try {
          prepared = prepareConfig(config as never);
        } catch {
          return; // a string the config schema refuses (an id's characters, say): never emitted
        }
        const irJson = JSON.stringify(prepared.engine);
        const source = entrySource({ irJson, digest: prepared.digest, nudgekit: "0.1.0", timeZones: "intl" });
        const body = program(source).body;
        expect(body.map((statement) => statement.type)).toEqual(["ImportDeclaration", "ImportDeclaration", "ExportNamedDeclaration", "ExportNamedDeclaration", "ExportDefaultDeclaration"]);
        const imports = body.slice(0, 2).map((statement) => (statement as { source: { value: string } }).source.value);
        expect(imports).toEqual(["./standalone/standalone-engine.js", "./time-zones/intl-time-zones.js"]);
        // Literals only, and the one argument of JSON.parse gives back the IR.
        const literals = [...syntaxNodes(body.slice(2))].filter((node) => node.type === "Literal").map((node) => node.value);
        const json = literals.filter((value): value is string => typeof value === "string" && value.startsWith("{"));
        expect(json).toHaveLength(1);
        // The JSON text, with `<`, U+2028 and U+2029 as JSON escapes (the same strings to JSON.parse).
        expect(JSON.parse(json[0]!)).toEqual(prepared.engine);
        expect(json[0]).toBe(irJson.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029"));
        const identifiers = new Set([...syntaxNodes(body.slice(2))].filter((node) => node.type === "Identifier").map((node) => node.name));
        expect([...identifiers].sort()).toEqual(["JSON", "Object", "contract", "digest", "engine", "format", "freeze", "meta", "nudgekit", "parse", "standaloneEngine", "timeZones"]);
        // Inert in an HTML script element and in any JavaScript version.
        expect(source).not.toMatch(/<\/script|\u2028|\u2029/i);
      }),
      { numRuns: 300 },
    );
  });

  it("the narrowed tables name only operators of nudgekit's own tables, however the config's keys look", () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 6 }), fc.subarray(RULE_OPERATOR_FAMILIES.flatMap((family) => family.names)), (keys, real) => {
        const ir = { rules: [...keys, ...real].map((key) => ({ [key]: [1] })) };
        const names = operatorNamesIn(ir);
        const known = new Set([...RULE_OPERATOR_FAMILIES, ...BEHAVIOURAL_OPERATOR_GROUPS].flatMap((family) => family.names));
        for (const source of [builtInOperatorFamiliesSource(familiesUsing(RULE_OPERATOR_FAMILIES, names)), behaviouralOperatorGroupsSource(familiesUsing(BEHAVIOURAL_OPERATOR_GROUPS, names))]) {
          const nodes = [...syntaxNodes(program(source))];
          const strings = nodes.filter((node) => node.type === "Literal" && typeof node.value === "string").map((node) => node.value as string);
          for (const value of strings) expect(known.has(value) || /^(\.\.\/)+(rules|segments)\/operators\/[a-z-]+\.js$/.test(value), value).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the bundled module: parses, holds the IR once as a literal, and runs without running anything of the config", { timeout: 60_000 }, async () => {
    const configs = fc.sample(hostileConfig, { seed: 7, numRuns: 40 }).filter((config) => {
      try {
        prepareConfig(config as never);
        return true;
      } catch {
        return false;
      }
    });
    expect(configs.length).toBeGreaterThan(10);
    for (const [index, config] of configs.slice(0, 12).entries()) {
      const emitted = await emitEngineModule(config);
      const ir = prepareConfig(config as never).engine;
      const parsesToIr = (value: unknown): boolean => {
        try {
          return typeof value === "string" && value.startsWith("{") && JSON.stringify(JSON.parse(value)) === JSON.stringify(ir);
        } catch {
          return false;
        }
      };
      // esbuild writes the string with whichever quotes need fewest escapes: '…', "…" or `…` (a template without substitutions).
      const stringOf = (node: { readonly type: string; readonly [key: string]: unknown }): unknown =>
        node.type === "Literal" ? node.value : node.type === "TemplateLiteral" && (node.expressions as unknown[]).length === 0 ? (node.quasis as { value: { cooked: string } }[])[0]?.value.cooked : undefined;
      const literals = [...syntaxNodes(program(emitted.code))].filter((node) => parsesToIr(stringOf(node)));
      expect(literals).toHaveLength(1);
      const file = join(dir, `hostile-${index}.mjs`);
      writeFileSync(file, emitted.code);
      const module = await import(/* @vite-ignore */ pathToFileURL(file).href);
      expect(engineOfModule(module).campaignIds).toEqual(["hostile"]);
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    }
  });
});
