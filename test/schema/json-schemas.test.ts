import { readFileSync } from "node:fs";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { engineJsonSchemas } from "../../src/schema/index.js";
import { DURATION_TEXT_PATTERN, parseDuration } from "../../src/time/duration.js";
import { exampleConfig } from "../support/engine-fixtures.js";

const schemas = engineJsonSchemas();
const onDisk = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../docs/schema/${name}.schema.json`, import.meta.url), "utf8"));

describe("JSON Schema export (docs/schema/)", () => {
  it.each(Object.keys(schemas))("docs/schema/%s.schema.json is up to date (npm run schema)", (name) => {
    expect(onDisk(name)).toEqual(schemas[name as keyof typeof schemas]);
  });

  it("is valid JSON Schema 2020-12, accepts the example config and each campaign, and rejects broken ones", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validateConfig = ajv.compile(schemas["engine-config"]);
    const validateCampaign = ajv.compile(schemas.campaign);
    const config = exampleConfig();
    expect(validateConfig(config), JSON.stringify(validateConfig.errors)).toBe(true);
    for (const campaign of config.campaigns) expect(validateCampaign(campaign), JSON.stringify(validateCampaign.errors)).toBe(true);
    expect(validateConfig({ ...config, colour: "red" })).toBe(false);
    expect(validateCampaign({ ...config.campaigns[0], channels: ["fax"] })).toBe(false);
    expect(validateCampaign({ ...config.campaigns[0], trigger: { event: "x", inactivity: { event: "y", for: "1d" } } })).toBe(false);
    expect(validateCampaign({ ...config.campaigns[0], priority: 1.5 })).toBe(false);
    // Content: typed per channel, so an editor flags a typo, a wrong action, too many cards, a bad data name.
    const withContent = (content: unknown) => ({ ...config.campaigns[0], content });
    expect(validateCampaign(withContent({ push: { title: "Hi", buttons: [{ id: "a", label: "A", action: { type: "dismiss" } }], data: { promo: "X" } } }))).toBe(true);
    expect(validateCampaign(withContent({ push: { titel: "Hi" } }))).toBe(false);
    expect(validateCampaign(withContent({ push: { title: "Hi", buttons: [{ id: "a", label: "A", action: { type: "open" } }] } }))).toBe(false);
    expect(validateCampaign(withContent({ in_app: { cards: Array.from({ length: 11 }, (_, index) => ({ id: `c${index}`, title: "x" })) } }))).toBe(false);
    expect(validateCampaign(withContent({ push: { title: "Hi", data: { "Bad-Name": "x" } } }))).toBe(false);
    expect(validateCampaign(withContent({ in_app: { questions: [{ id: "q", type: "rating", prompt: "?", max: 11 }] } }))).toBe(false);
  });

  it("checks a duration's text as createEngine reads it: the pattern matches exactly the texts parseDuration reads (review of issue 19)", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validateCampaign = ajv.compile(schemas.campaign);
    const withDelay = (delay: unknown) => ({ id: "c", category: "promotional", channels: ["push"], trigger: { event: "x", delay } });
    for (const good of ["30m", "1h30m", "500ms", "P1DT12H", "p2w", "PT0.5S", 60_000]) expect(validateCampaign(withDelay(good)), String(good)).toBe(true);
    for (const bad of ["banana", "P", "PT", "P1DT", "1y", "P1M", "7D", 1e20, 0]) expect(validateCampaign(withDelay(bad)), String(bad)).toBe(false);
    const pattern = new RegExp(DURATION_TEXT_PATTERN);
    const durationLike = fc.stringMatching(/^\s?[PpTt0-9.]{0,3}[0-9.]{0,4}(?:ms|[wdhmsWDHMSTY])?[0-9.]{0,3}(?:ms|[wdhmsWDHMSTY])?\s?$/);
    fc.assert(
      fc.property(fc.oneof(durationLike, fc.string({ maxLength: 12 })), (text) => {
        expect(pattern.test(text), JSON.stringify(text)).toBe(parseDuration(text).ok);
      }),
      { seed: 20261207, numRuns: 3_000 },
    );
  });

  it('a "$schema" line is valid at the top of a config and of a campaign, for the schema and for createEngine', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const config = { $schema: "./node_modules/nudgekit/docs/schema/engine-config.schema.json", ...exampleConfig() };
    const campaign = { $schema: "./node_modules/nudgekit/docs/schema/campaign.schema.json", ...exampleConfig().campaigns[0] };
    expect(ajv.compile(schemas["engine-config"])(config)).toBe(true);
    expect(ajv.compile(schemas.campaign)(campaign)).toBe(true);
    const engine = createEngine({ ...config, campaigns: [campaign, ...config.campaigns.slice(1)] });
    expect(engine.campaignIds).toEqual(createEngine(exampleConfig()).campaignIds);
  });

  it("the package exports each schema file by its name (nudgekit/schema/<name>.schema.json)", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { exports: Record<string, unknown>; files: string[] };
    for (const name of Object.keys(schemas)) expect(manifest.exports[`./schema/${name}.schema.json`]).toBe(`./docs/schema/${name}.schema.json`);
  });
});
