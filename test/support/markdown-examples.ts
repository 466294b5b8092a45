/**
 * Runnable examples in markdown: a ```js or ```ts block followed by a line ending with ":" and a
 * ```text block that is exactly what the program prints (README.md, docs/journeys.md).
 */
import { join } from "node:path";

export interface RunnableExample {
  /** The heading above it, to name the test. */
  readonly heading: string;
  readonly line: number;
  readonly language: "js" | "ts";
  readonly code: string;
  readonly output: string;
}

/** The runnable examples of a markdown text, in order. */
export function runnableExamples(text: string): RunnableExample[] {
  const examples: RunnableExample[] = [];
  const pattern = /^```(js|ts)\n([\s\S]*?)^```\n\n[^\n]*:\n\n```text\n([\s\S]*?)^```$/gm;
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(0, match.index);
    const heading = [...before.matchAll(/^#{2,3} (.+)$/gm)].pop()?.[1] ?? "(top)";
    examples.push({ heading, line: before.split("\n").length, language: match[1] === "ts" ? "ts" : "js", code: match[2] ?? "", output: match[3] ?? "" });
  }
  return examples;
}

/** Subpaths whose source is not src/<subpath>: the Node-only ones under src/node. */
const NODE_SUBPATHS: Readonly<Record<string, string>> = { standalone: "node/standalone", "segments/workers": "node/segment-workers" };

/** `nudgekit` and `nudgekit/<engine>` imports as the source modules under `root`/src they stand for. */
export const toSource = (code: string, root: string): string =>
  code.replace(/from "nudgekit(?:\/([\w/-]+))?";/g, (_import, subpath: string | undefined) => `from ${JSON.stringify(join(root, "src", subpath === undefined ? "" : (NODE_SUBPATHS[subpath] ?? subpath), "index.js"))};`);
