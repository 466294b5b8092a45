import type { z } from "zod";
import { reservedKeyProblems } from "../../validation/reserved-keys.js";
import { childPointer } from "../../json/json-pointer.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { isPlainObject } from "../../json/plain-object.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { campaignSchema, type Campaign } from "../../schema/campaign-schema.js";
import { engineConfigSchema, type EngineConfig } from "../../schema/engine-config-schema.js";
import { journeySchema, type JourneyDefinition } from "../../journeys/definition/journey-schema.js";

const MAX_CAMPAIGNS = 20_000;
const MAX_JOURNEYS = 1_000;

/** The config, section by section: a broken section (or campaign) is reported and the rest still checked. */
export interface ParsedSections {
  /** Every section that parsed; a section with problems is absent. */
  readonly sections: Partial<Omit<EngineConfig, "campaigns" | "journeys">>;
  /** Campaigns by position; undefined where one has problems. */
  readonly campaigns: readonly (Campaign | undefined)[];
  /** Journeys by position; undefined where one has problems. */
  readonly journeys: readonly (JourneyDefinition | undefined)[];
  readonly problems: LocatedProblem[];
}

export function prefixProblems(problems: readonly LocatedProblem[], prefix: string): LocatedProblem[] {
  return problems.map((problem) => ({ path: prefix + problem.path, message: problem.message }));
}

/**
 * Parses each section on its own (zod would stop at the first broken section's output), so that
 * `createEngine` can also check references and compile rules in all the sections that are valid and
 * report every problem in one error.
 */
export function parseSections(input: unknown): ParsedSections {
  const problems: LocatedProblem[] = [];
  if (!isPlainObject(input)) return { sections: {}, campaigns: [], journeys: [], problems: [{ path: "", message: "the engine config must be an object with a campaigns array" }] };
  const shape = engineConfigSchema.shape;
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(shape, key)) problems.push({ path: childPointer("", key), message: `unknown section ${JSON.stringify(key)} (known: ${Object.keys(shape).join(", ")})` });
  }
  const sections: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (key === "campaigns" || key === "journeys") continue;
    const parsed = (shape[key] as z.ZodType).safeParse(Object.hasOwn(input, key) ? input[key] : undefined, EXPECTED_FORM_MESSAGES);
    if (parsed.success) sections[key] = parsed.data;
    else problems.push(...prefixProblems(zodProblems(parsed.error), `/${key}`));
  }
  const campaigns = parseList(input, "campaigns", campaignSchema, MAX_CAMPAIGNS, true, problems);
  const journeys = parseList(input, "journeys", journeySchema, MAX_JOURNEYS, false, problems);
  // A strict object already reports its `__proto__` key as unknown; a record would drop it silently.
  for (const reserved of reservedKeyProblems(input)) {
    const parent = reserved.path.slice(0, -"/__proto__".length);
    if (!problems.some((problem) => (problem.path === parent || problem.path === reserved.path) && problem.message.includes('"__proto__"'))) problems.push(reserved);
  }
  return { sections: sections as ParsedSections["sections"], campaigns, journeys, problems };
}

/** A list section parsed item by item (each broken item reported, the others kept), or [] when absent and optional. */
function parseList<T>(input: Record<string, unknown>, key: string, schema: z.ZodType<T>, max: number, required: boolean, problems: LocatedProblem[]): (T | undefined)[] {
  const items: (T | undefined)[] = [];
  const list = Object.hasOwn(input, key) ? input[key] : undefined;
  if (list === undefined && !required) return items;
  if (!Array.isArray(list)) problems.push({ path: `/${key}`, message: `must be an array of ${key}` });
  else if (list.length > max) problems.push({ path: `/${key}`, message: `at most ${max} ${key} are allowed, got ${list.length}` });
  else {
    list.forEach((raw, index) => {
      const parsed = schema.safeParse(raw, EXPECTED_FORM_MESSAGES);
      if (parsed.success) items.push(parsed.data);
      else {
        items.push(undefined);
        problems.push(...prefixProblems(zodProblems(parsed.error), `/${key}/${index}`));
      }
    });
  }
  return items;
}

