import { z } from "zod";

// zod 4 compiles object parsers with `new Function` when it can, and finds out whether it can by
// running `new Function("")` as each object schema is built: under a strict Content-Security-Policy
// that probe is a reported violation, and anywhere else it is eval. nudgekit promises neither, so
// every nudgekit schema is built with the `z` exported here, after turning zod's JIT off (zod's
// documented setting for CSP environments). It is zod's global setting: an app sharing this zod
// instance parses objects without the JIT too (a little slower, the same results).
z.config({ jitless: true });

export { z };
