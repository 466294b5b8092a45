/**
 * What an editor offers while a config is typed into `createEngine(…)`: the TypeScript language
 * service (the one VS Code runs) asked for completions at a cursor in a virtual file that imports
 * the library's source.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const CURSOR = "/*|*/";

const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.dev.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
  throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
} });
if (parsed === undefined) throw new Error("tsconfig.dev.json does not parse");

const file = join(here, "completions.virtual.ts");
let text = "";
const service = ts.createLanguageService({
  getScriptFileNames: () => [file],
  getScriptVersion: (name) => (name === file ? text : "0"),
  getScriptSnapshot: (name) => (name === file ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? "") : undefined),
  getCurrentDirectory: () => root,
  getCompilationSettings: () => parsed.options,
  getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
  fileExists: (name) => name === file || ts.sys.fileExists(name),
  readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
});

/** The names the editor offers where `/*|*\/` stands in `code`. */
function completionsAt(code: string): string[] {
  text = `import { createEngine } from "../../src/index.js";\n${code.replace(CURSOR, "")}\n`;
  const position = text.indexOf("\n") + 1 + code.indexOf(CURSOR);
  return (service.getCompletionsAtPosition(file, position, {})?.entries ?? []).map((entry) => entry.name);
}

describe("completions inside createEngine({ … })", () => {
  it("offers the config's sections", { timeout: 60_000 }, () => {
    expect(completionsAt(`createEngine({ ${CURSOR} });`)).toEqual(expect.arrayContaining(["campaigns", "timeZone", "caps", "channels", "segments", "arbitration", "$schema"]));
  });

  it("offers a campaign's keys", () => {
    expect(completionsAt(`createEngine({ campaigns: [{ ${CURSOR} }] });`)).toEqual(expect.arrayContaining(["id", "category", "channels", "trigger", "content", "priority", "reEligibility"]));
  });

  it("offers the built-in categories, and the ones the config declares", () => {
    const builtIn = completionsAt(`createEngine({ campaigns: [{ id: "a", category: "${CURSOR}" }] });`);
    expect(builtIn).toEqual(expect.arrayContaining(["promotional", "transactional", "win_back", "payment_failure"]));
    expect(builtIn).not.toContain("birthday");
    const declared = completionsAt(`createEngine({ channels: { categories: { birthday: { channels: ["push"] } } }, campaigns: [{ id: "a", category: "${CURSOR}" }] });`);
    expect(declared).toEqual(expect.arrayContaining(["promotional", "birthday"]));
  });

  it("offers the channels and a trigger's keys", () => {
    expect(completionsAt(`createEngine({ campaigns: [{ id: "a", category: "promotional", channels: ["${CURSOR}"] }] });`).sort()).toEqual(["email", "in_app", "push", "sms", "web_push"]);
    expect(completionsAt(`createEngine({ campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { ${CURSOR} } }] });`)).toEqual(
      expect.arrayContaining(["event", "where", "delay", "cancelOn", "segmentEntry", "inactivity", "scheduled"]),
    );
  });
});
