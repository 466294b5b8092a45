import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { engineJsonSchemas } from "../../src/schema/index.js";
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
