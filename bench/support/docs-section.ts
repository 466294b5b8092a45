import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Replaces what lies between `<!-- {name}:begin -->` and `<!-- {name}:end -->` in docs/benchmarks.md. */
export function writeBenchmarkSection(name: string, content: string): void {
  const docPath = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
  const doc = readFileSync(docPath, "utf8");
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/benchmarks.md lacks the ${begin} / ${end} markers`);
  writeFileSync(docPath, `${doc.slice(0, start + begin.length)}\n${content}\n${doc.slice(stop)}`);
  console.log(`\nwrote ${docPath}`);
}
