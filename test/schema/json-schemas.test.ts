import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
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
});
