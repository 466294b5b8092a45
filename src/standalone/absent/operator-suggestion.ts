/**
 * rules/compiler/operator-suggestion.ts in every engine module: its table holds every operator the
 * IR's rules name (the emitter narrows it to them), so no operator is unknown and no suggestion is
 * ever written; the message stays plain if a defect ever made one.
 */
import type * as real from "../../rules/compiler/operator-suggestion.js";

export const describeUnknownOperator: typeof real.describeUnknownOperator = (operator) => `unknown operator ${JSON.stringify(operator)} (not in this engine module: a defect, please report it)`;
