import { vi } from "vitest";
import { runCli } from "../../src/node/cli/run-cli.js";

/** What a `nudgekit` command returned and wrote. */
export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `nudgekit …args` in process, capturing what it writes to stdout and stderr. */
export async function runCliCaptured(args: readonly string[]): Promise<CapturedRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    const code = await runCli([...args]);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    vi.restoreAllMocks();
  }
}
