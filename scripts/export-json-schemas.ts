/**
 * `npm run schema`: writes the JSON Schema of the engine config and of one campaign into
 * docs/schema/ (test/schema/json-schemas.test.ts fails when they are out of date).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { engineJsonSchemas } from "../src/schema/index.js";

for (const [name, schema] of Object.entries(engineJsonSchemas())) {
  const path = fileURLToPath(new URL(`../docs/schema/${name}.schema.json`, import.meta.url));
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
