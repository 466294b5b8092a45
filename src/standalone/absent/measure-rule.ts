/**
 * rules/compiler/measure-rule.ts in every engine module: the IR's rules were measured (depth, size)
 * when the config was validated, against the same limits a module compiles them with, so none is
 * too big here.
 */
import type * as real from "../../rules/compiler/measure-rule.js";

export const measureRule: typeof real.measureRule = () => undefined;
