import { RFM_MODELS, SEGMENTS } from "./segments/segment-corpus.js";
import { syntheticProfiles } from "./segments/synthetic-profiles.js";
import { compileSegments } from "../src/segments/index.js";
import { codegenBackend } from "../src/rules/codegen/index.js";
const NOW = Date.UTC(2026, 10, 23, 12);
const profiles = syntheticProfiles(Number(process.env.N ?? 200_000), NOW);
const set = compileSegments(SEGMENTS, { horizonDays: 90, rfm: RFM_MODELS, ...(process.env.CLOSURES ? {} : { backend: codegenBackend }) });
for (let round = 0; round < 5; round++) {
  const t = performance.now();
  let n = 0;
  for (const p of profiles) n += set.memberships(p, NOW)[0]!;
  console.log(((performance.now() - t) / profiles.length * 1000).toFixed(2), "µs/profile", n);
}
