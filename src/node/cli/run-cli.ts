/// <reference types="node" />
/**
 * What the `nudgekit` command runs:
 * - `nudgekit replay --config campaigns.json --events events.jsonl [--users users.jsonl] [--out decisions.jsonl] [--json]`
 *   replays an event log through the engine and prints a summary;
 * - `nudgekit prepare --config campaigns.json [--out prepared.json]` validates a config and writes
 *   it prepared (`prepareConfig`), for `loadEngine` from nudgekit/runtime in browsers.
 *
 * Node only (files, stderr progress).
 */
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError } from "../../engine/config-error.js";
import { createEngine } from "../../engine/create-engine.js";
import { prepareConfig } from "../../engine/prepared/prepare-config.js";
import type { Engine } from "../../engine/engine.js";
import type { Decision } from "../../engine/engine-types.js";
import { formatSummary } from "../replay/format-summary.js";
import { jsonLines } from "../replay/read-jsonl.js";
import { parseEventLine, parseUserLine, type ReplayEvent, type SkippedLine } from "../replay/replay-input.js";
import { replayEvents } from "../replay/replay-log.js";

const USAGE = `usage: nudgekit replay --config campaigns.json --events events.jsonl [--users users.jsonl] [--out decisions.jsonl] [--json]
       nudgekit prepare --config campaigns.json [--out prepared.json]`;

/** A failure the command reports on stderr, with its exit code. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function fail(message: string, code: number): never {
  throw new CliFailure(message, code);
}

/** Reads a config file and compiles it with `compile`; an unreadable file or an invalid config fails with exit code 1, listing every problem. */
function fromConfigFile<T>(file: string, compile: (config: unknown) => T): T {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  try {
    return compile(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    fail(`${file} is not a valid config (${error.problems.length} problem(s)):\n${error.problems.map((problem) => `  ${problem.path || "/"}: ${problem.message}`).join("\n")}`, 1);
  }
}

function prepare(args: string[]): void {
  const { values } = parseArgs({ args, options: { config: { type: "string" }, out: { type: "string" } }, strict: true });
  if (values.config === undefined) fail(`--config is required\n${USAGE}`, 2);
  const text = `${JSON.stringify(fromConfigFile(values.config, prepareConfig))}\n`;
  if (values.out === undefined) process.stdout.write(text);
  else {
    writeFileSync(values.out, text);
    process.stderr.write(`prepared ${values.config} → ${values.out} (${Buffer.byteLength(text).toLocaleString("en-US")} bytes)\n`);
  }
}

async function replay(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { config: { type: "string" }, events: { type: "string" }, users: { type: "string" }, out: { type: "string" }, json: { type: "boolean", default: false }, quiet: { type: "boolean", default: false } },
    strict: true,
  });
  if (values.config === undefined || values.events === undefined) fail(`--config and --events are required\n${USAGE}`, 2);
  const started = performance.now();

  const engine: Engine = fromConfigFile(values.config, createEngine);

  const skipped: SkippedLine[] = [];
  const report = (file: string, entry: SkippedLine): void => {
    skipped.push(entry);
    if (!values.quiet) process.stderr.write(`${file}:${entry.line}: skipped: ${entry.message}\n`);
  };
  const profiles = new Map<string, Record<string, unknown>>();
  if (values.users !== undefined) {
    for await (const { line, text } of jsonLines(values.users)) {
      const parsed = parseUserLine(text, line);
      if ("id" in parsed) profiles.set(parsed.id, parsed.profile);
      else report(values.users, parsed);
    }
  }
  const events: ReplayEvent[] = [];
  for await (const { line, text } of jsonLines(values.events)) {
    const parsed = parseEventLine(text, line);
    if ("userId" in parsed) events.push(parsed);
    else report(values.events, parsed);
  }

  const out = values.out === undefined ? undefined : createWriteStream(values.out, { encoding: "utf8" });
  const summary = replayEvents(engine, events, profiles, {
    ...(out === undefined ? {} : { onDecision: (userId: string, at: number, decision: Decision) => out.write(`${JSON.stringify({ userId, at: new Date(at).toISOString(), ...decision, sendAt: new Date(decision.sendAt).toISOString() })}\n`) }),
    ...(values.quiet ? {} : { onProgress: (done: number, total: number) => process.stderr.write(`replayed ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} events\n`) }),
  });
  summary.skippedLines = skipped.length;
  if (out !== undefined) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(values.json ? `${JSON.stringify(summary.toJSON(), null, 2)}\n` : `${formatSummary(summary, skipped, seconds)}\n`);
}

/** Runs `nudgekit <command> …args`; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "replay") await replay(rest);
    else if (command === "prepare") prepare(rest);
    else fail(command === undefined ? USAGE : `unknown command ${JSON.stringify(command)}\n${USAGE}`, 2);
    return 0;
  } catch (error) {
    const exitCode = error instanceof CliFailure ? error.exitCode : error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS") ? 2 : 1;
    process.stderr.write(`nudgekit: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCode;
  }
}
