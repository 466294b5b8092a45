#!/usr/bin/env node
/// <reference types="node" />
/** The `nudgekit` command: see run-cli.ts. */
import { runCli } from "./run-cli.js";

// Ctrl-C exits through process.exit, so that exit handlers remove a replay's temporary files.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
