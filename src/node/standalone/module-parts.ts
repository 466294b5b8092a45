/// <reference types="node" />
import { isAbsolute, join, relative, sep } from "node:path";

/** A part of an engine module and its minified bytes. */
export interface ModulePart {
  readonly part: string;
  readonly bytes: number;
}

/**
 * Minified bytes by part, from esbuild's metafile: a file under the module root by its path without
 * extension (`engine/engine`), a package by its name (`compare-versions`), the entry as "(config)";
 * largest first.
 *
 * @example
 * partsOf(root, metafile.outputs["<stdout>"].inputs); // [{ part: "(config)", bytes: 38757 }, { part: "journeys/run/journey-step", bytes: 11126 }, …]
 */
export function partsOf(root: string, inputs: Readonly<Record<string, { readonly bytesInOutput: number }>>): readonly ModulePart[] {
  const bytes = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const underRoot = relative(root, isAbsolute(path) ? path : join(root, path)).split(sep).join("/");
    const packageName = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path)?.[1]?.replace(/\\/g, "/");
    const part = path === "engine-module.js" ? "(config)" : (packageName ?? (underRoot.startsWith("..") ? path : underRoot.replace(/\.[jt]s$/, "")));
    bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
  }
  return Object.freeze([...bytes].filter(([, size]) => size > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([part, size]) => Object.freeze({ part, bytes: size })));
}
