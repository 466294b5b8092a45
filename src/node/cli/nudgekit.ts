#!/usr/bin/env node
/// <reference types="node" />
/** The `nudgekit` command: see run-cli.ts. */
import { runCli } from "./run-cli.js";

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
