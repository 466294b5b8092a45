/// <reference types="node" />
import { dirname, join, posix } from "node:path";
import type { Plugin } from "esbuild";

/**
 * The esbuild plugin that loads `replaced` files (by path under the module root, without
 * extension: .ts in src/, .js in dist/modules/) with the given source instead: narrowed tables, and
 * stand-ins for features the config does not use. The source resolves its imports from the
 * replaced file's folder.
 *
 * @example
 * build({ …, plugins: [replacedModules(root, new Map([["engine/run/journey-run", reexport("engine/run/journey-run", "standalone/absent/journey-run")]]))] });
 */
export function replacedModules(root: string, replaced: ReadonlyMap<string, string>): Plugin {
  const byPath = new Map<string, string>();
  for (const [module, source] of replaced) for (const extension of [".ts", ".js"]) byPath.set(join(root, ...`${module}${extension}`.split("/")), source);
  return {
    name: "nudgekit-engine-module",
    setup(build) {
      build.onLoad({ filter: /\.[jt]s$/ }, (args) => {
        const contents = byPath.get(args.path);
        return contents === undefined ? undefined : { contents, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * `export * from` the stand-in, as an import specifier from the replaced file's folder (always with
 * `/`, whatever the platform's separator: a specifier is a URL path, and `\` would be an escape).
 *
 * @example
 * reexport("engine/run/journey-run", "standalone/absent/journey-run"); // 'export * from "../../standalone/absent/journey-run.js";\n'
 */
export function reexport(module: string, standIn: string): string {
  const path = posix.relative(posix.dirname(module), standIn);
  return `export * from ${JSON.stringify(`${path.startsWith(".") ? path : `./${path}`}.js`)};\n`;
}
