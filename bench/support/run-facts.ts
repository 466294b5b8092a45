import { cpus, totalmem } from "node:os";
import type { Bench } from "tinybench";

/** The machine a benchmark ran on, for the docs tables. */
export function machineDescription(): string {
  return `${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Operations per second of a tinybench task whose every sample runs `batch` operations. */
export function operationsPerSecond(bench: Bench, name: string, batch: number): number {
  const result = bench.getTask(name)?.result as { latency?: { mean: number }; mean?: number } | undefined;
  const meanMs = result?.latency?.mean ?? result?.mean;
  if (meanMs === undefined) throw new Error(`no result for ${name}`);
  return batch / (meanMs / 1000);
}
