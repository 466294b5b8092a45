#!/usr/bin/env node
/// <reference types="node" />
/** The `nudgekit` command: see run-cli.ts. */
import { runCli } from "./run-cli.js";

// Ctrl-C, kill and a closed terminal exit through process.exit, so that exit handlers remove a replay's temporary files.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));
process.once("SIGHUP", () => process.exit(129)); // a closed terminal

// A reader that stopped early (`nudgekit --help | head -1`) closes the pipe: stop quietly, as
// command-line tools do, instead of an unhandled EPIPE error with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
