// What the decide path would weigh without each optional-looking part: the same entry as
// scripts/report-sizes.mjs's decide path, bundled from src/ with one module replaced by an empty
// stand-in. An analysis for docs/package.md ("What the gap is made of"), not a CI check: the
// stand-ins mirror the replaced modules' exports, so they need updating when those change.
//
//   node scripts/size-without-parts.mjs
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DECIDE_PATH, measureBundle } from "./browser-bundle.mjs";
import { root } from "./check-browser-entries.mjs";

/** template-filters.ts with an empty filter table (its text helpers stay: rendering uses them). */
function withoutFilters() {
  const source = readFileSync(join(root, "src/engine/content/template-filters.ts"), "utf8");
  const from = source.indexOf("/** liquidjs's truncate");
  const to = source.indexOf("/** The names of the supported filters");
  if (from < 0 || to < 0) throw new Error("template-filters.ts changed: update the stand-in in scripts/size-without-parts.mjs");
  return `${source.slice(0, from)}const FILTERS: ReadonlyMap<string, TemplateFilter> = new Map();\n${source.slice(to)}`;
}

const PARTS = {
  "the behavioural operators (`event_count` … `event_max`)": {
    "src/segments/operators/behavioural-operator-table.ts":
      "export const BEHAVIOURAL_OPERATOR_NAMES = []; export function behaviourContext() { return {}; } export function behaviouralOperatorTable() { return {}; }",
  },
  "the engagement rule operators (time, geo, versions, text, sets)": { "src/rules/operators/engagement.ts": "export const engagementOperators = new Map();" },
  "the template filters": { "src/engine/content/template-filters.ts": withoutFilters() },
};
PARTS["all three"] = Object.assign({}, ...Object.values(PARTS));

/** The decide path's min+gz bytes from src/, with the given modules replaced by their stand-ins. */
async function measure(standIns) {
  const standInPlugin = {
    name: "stand-ins",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, ({ path }) => {
        const contents = standIns[relative(root, path)];
        return contents === undefined ? undefined : { contents, loader: "ts" };
      });
    },
  };
  return (await measureBundle(DECIDE_PATH("./src/runtime/index.ts"), { plugins: [standInPlugin] })).gzipped;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const whole = await measure({});
console.log("| without | decide path | saved |\n|:--|--:|--:|");
console.log(`| nothing (as shipped) | ${kB(whole)} | |`);
for (const [part, standIns] of Object.entries(PARTS)) {
  const size = await measure(standIns);
  console.log(`| ${part} | ${kB(size)} | ${kB(whole - size)} |`);
}
