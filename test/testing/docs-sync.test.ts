import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

/** The code block of a section of a Markdown document. */
function codeBlock(markdown: string, heading: string): string {
  const section = markdown.slice(markdown.indexOf(heading));
  const start = section.indexOf("```ts\n") + "```ts\n".length;
  return section.slice(start, section.indexOf("```\n", start));
}

describe("docs/testing.md", () => {
  it("its complete example is the one test/testing/docs-example.test.ts runs, but for the import paths", () => {
    const documented = codeBlock(read("../../docs/testing.md"), "## A complete example");
    const tested = read("./docs-example.test.ts")
      .replace(/^(?:\/\/.*\n)+/, "")
      .replace('from "../../src/testing/index.js"', 'from "nudgekit/testing"')
      .replace('from "../../src/index.js"', 'from "nudgekit"')
      .replace('from "../../examples/ecommerce/campaigns.json"', 'from "./campaigns.json"');
    expect(documented.length).toBeGreaterThan(500);
    expect(tested).toBe(documented);
  });

  it("documents every export of nudgekit/testing", async () => {
    const markdown = read("../../docs/testing.md");
    const exports = Object.keys(await import("../../src/testing/index.js"));
    expect(exports.filter((name) => !markdown.includes(`\`${name}`) && !markdown.includes(`${name}(`))).toEqual([]);
  });
});
