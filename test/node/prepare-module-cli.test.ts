/**
 * `nudgekit prepare --module`: the config as an engine module (emitEngineModule), written to a file,
 * in ESM or CommonJS, from a config or a prepared config; usage and invalid input are reported.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { prepareConfig } from "../../src/index.js";
import { emitEngineModule } from "../../src/node/standalone/index.js";
import { engineOfModule } from "../../src/runtime/index.js";
import { runCliCaptured } from "../support/run-cli-captured.js";

const dir = mkdtempSync(join(tmpdir(), "nudgekit-prepare-module-"));
const file = (name: string) => join(dir, name);
const CONFIG = {
  timeZone: "Europe/Paris",
  campaigns: [{ id: "welcome", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi {{ user.attributes.name | default: 'there' }}" } } }],
};
const USER = { id: "u1", attributes: { name: "Ada" }, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
writeFileSync(file("campaigns.json"), JSON.stringify(CONFIG));
writeFileSync(file("prepared.json"), JSON.stringify(prepareConfig(CONFIG as never)));
writeFileSync(file("invalid.json"), JSON.stringify({ campaigns: [{ id: "x" }] }));

const decideWith = (module: unknown): string | undefined => {
  const result = engineOfModule(module).decide({ event: { name: "tap" }, user: USER, now: Date.UTC(2026, 10, 23, 12) });
  return (result.decisions[0]?.content as { title?: string } | undefined)?.title;
};

describe("nudgekit prepare --module", () => {
  it("writes the engine module emitEngineModule emits, and reports its size", async () => {
    const run = await runCliCaptured(["prepare", "--config", file("campaigns.json"), "--module", file("engine.mjs")]);
    expect(run.code, run.stderr).toBe(0);
    const written = readFileSync(file("engine.mjs"), "utf8");
    const emitted = await emitEngineModule(CONFIG);
    expect(written).toBe(emitted.code);
    expect(run.stderr).toMatch(new RegExp(`^engine module .*campaigns\\.json → .*engine\\.mjs \\(esm, config ${emitted.digest}, hash ${emitted.hash}, nudgekit \\d+\\.\\d+\\.\\d+, esbuild \\d+\\.\\d+\\.\\d+\\): [\\d,]+ bytes, [\\d,]+ gzipped\\n$`));
    expect(run.stdout).toBe("");
    expect(decideWith(await import(/* @vite-ignore */ pathToFileURL(file("engine.mjs")).href))).toBe("Hi Ada");
  });

  it("CommonJS for a .cjs file or --format cjs; the same module from the prepared config", async () => {
    expect((await runCliCaptured(["prepare", "--config", file("campaigns.json"), "--module", file("engine.cjs")])).code).toBe(0);
    expect((await runCliCaptured(["prepare", "--config", file("prepared.json"), "--module", file("engine-from-prepared.js"), "--format", "cjs"])).code).toBe(0);
    expect(readFileSync(file("engine-from-prepared.js"), "utf8")).toBe(readFileSync(file("engine.cjs"), "utf8"));
    expect(decideWith(createRequire(import.meta.url)(file("engine.cjs")))).toBe("Hi Ada");
  });

  it("an invalid config: exit 1, every problem with its path", async () => {
    const run = await runCliCaptured(["prepare", "--config", file("invalid.json"), "--module", file("never.mjs")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("invalid.json is not a valid config (");
    expect(run.stderr).toContain("  /campaigns/0/");
  });

  it("a prepared config changed after prepareConfig: exit 1, saying so", async () => {
    const tampered = JSON.parse(readFileSync(file("prepared.json"), "utf8")) as { engine: { horizonDays: number } };
    tampered.engine.horizonDays = 2;
    writeFileSync(file("tampered.json"), JSON.stringify(tampered));
    const run = await runCliCaptured(["prepare", "--config", file("tampered.json"), "--module", file("never.mjs")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the prepared config was changed after prepareConfig made it");
  });

  it("usage: --out with --module, --format without --module, an unknown format (exit 2)", async () => {
    for (const args of [
      ["--module", file("a.mjs"), "--out", file("a.json")],
      ["--format", "cjs"],
      ["--module", file("a.mjs"), "--format", "umd"],
    ]) {
      const run = await runCliCaptured(["prepare", "--config", file("campaigns.json"), ...args]);
      expect(run.code, args.join(" ")).toBe(2);
    }
  });

  it("--help shows the module examples", async () => {
    const run = await runCliCaptured(["prepare", "--help"]);
    expect(run.stdout).toContain("--module <file>");
    expect(run.stdout).toContain("nudgekit prepare --config campaigns.json --module public/engine.js");
  });
});
