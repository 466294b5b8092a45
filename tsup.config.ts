import { defineConfig } from "tsup";

// One entry per subpath export; keep in sync with "exports" in package.json.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    // The root entry under Node ("node" condition): generated rules by default; same API.
    "index.node": "src/index.node.ts",
    "rules/index": "src/rules/index.ts",
    // The code-generating rule backend (new Function): only in the bundles of apps that import it.
    "rules/codegen/index": "src/rules/codegen/index.ts",
    "experiments/index": "src/experiments/index.ts",
    "metrics/index": "src/metrics/index.ts",
    "journeys/index": "src/journeys/index.ts",
    // Provider payloads (FCM, APNs, Web Push): pure, for browsers too.
    "delivery/index": "src/delivery/index.ts",
    "sql/index": "src/sql/index.ts",
    "segments/index": "src/segments/index.ts",
    "caps/index": "src/caps/index.ts",
    "channels/index": "src/channels/index.ts",
    "schema/index": "src/schema/index.ts",
    // The engine without validation code (no zod): loads what prepareConfig made.
    "runtime/index": "src/runtime/index.ts",
    // fast-check arbitraries and invariant checks (fast-check is a peer dependency).
    "testing/index": "src/testing/index.ts",
    // A pinned tz database (its data is only in the bundles of apps that import it).
    "time-zones/index": "src/time-zones/index.ts",
    "redis/index": "src/redis/index.ts",
    // emitEngineModule (Node only: esbuild bundles the module from dist/modules, see build-module-tree.mjs).
    "node/standalone/index": "src/node/standalone/index.ts",
    // replayEvents: pure (the file-reading replay is the bin's).
    "replay/index": "src/replay/index.ts",
    // Node only (worker threads): never imported by a browser entry.
    "node/segment-workers/index": "src/node/segment-workers/index.ts",
    // The `nudgekit` command (bin): Node only.
    "node/cli/nudgekit": "src/node/cli/nudgekit.ts",
    // The script each worker thread runs, found next to the entry above (see worker-script.ts).
    "node/segment-workers/segment-worker": "src/node/segment-workers/segment-worker.ts",
    // The script of `nudgekit kpis --workers`' threads, next to the bin that starts them (see fold-outcome-file-in-workers.ts).
    "node/cli/outcome-worker": "src/node/metrics/outcome-worker.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  splitting: true,
});
