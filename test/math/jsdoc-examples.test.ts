/** Every `fn(args); //=> value` line in the JSDoc of src/math holds, to the bit. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { asin } from "../../src/math/asin.js";
import { exp } from "../../src/math/exp.js";
import { ln } from "../../src/math/ln.js";
import { log1p } from "../../src/math/log1p.js";
import { powerOfTen } from "../../src/math/power-of-ten.js";
import { cosPi, sinPi } from "../../src/math/sin-cos-pi.js";

const functions = { asin, exp, ln, log1p, powerOfTen, cosPi, sinPi };
const folder = new URL("../../src/math/", import.meta.url);

const examples = readdirSync(folder)
  .filter((name) => name.endsWith(".ts"))
  .flatMap((file) =>
    [...readFileSync(new URL(file, folder), "utf8").matchAll(/^ \* (\w+)\(([^;\n]*)\); \/\/=> (\S+)/gm)].map((match) => ({ file, call: `${match[1]}(${match[2]})`, name: match[1]!, args: match[2]!, result: match[3]! })),
  );

describe("src/math JSDoc examples", () => {
  it("there are examples for every function", () => {
    expect(new Set(examples.map((example) => example.name))).toEqual(new Set(Object.keys(functions)));
  });

  it.each(examples.map((example) => [`${example.file}: ${example.call} => ${example.result}`, example] as const))("%s", (_label, example) => {
    const fn = functions[example.name as keyof typeof functions];
    // The arguments are numeric literals and arithmetic on them (48.8566 / 180, Math.E, -0).
    const args = new Function("Math", `return [${example.args}];`)(Math) as number[];
    const result = fn(...(args as [number]));
    expect(Object.is(result, Number(example.result)), `${example.call} is ${result}`).toBe(true);
  });
});
