import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// fast-check is an optional peer dependency: only nudgekit/testing may load it.
const srcDir = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(srcDir).map((path) => ({ path: relative(srcDir, path).split("\\").join("/"), text: readFileSync(path, "utf8") }));
const specifiers = (text: string): string[] => [...text.matchAll(/from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((match) => (match[1] ?? match[2])!);

describe("nudgekit/testing's boundaries", () => {
  it("no module outside src/testing imports fast-check", () => {
    const offenders = files.filter((file) => !file.path.startsWith("testing/") && specifiers(file.text).some((specifier) => specifier === "fast-check"));
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it("src/testing imports only fast-check and nudgekit's own modules (never test/)", () => {
    const testing = files.filter((file) => file.path.startsWith("testing/"));
    expect(testing.length).toBeGreaterThan(10);
    for (const file of testing) {
      for (const specifier of specifiers(file.text)) {
        expect(specifier, `${file.path} imports ${specifier}`).toMatch(/^(?:fast-check|\.\.?\/(?!.*\/test\/).*\.js)$/);
        expect(specifier, `${file.path} imports ${specifier}`).not.toMatch(/(?:^|\/)test\//);
      }
    }
  });
});
