/**
 * The stand-in for a function of a feature an engine module's config does not use (see
 * src/node/standalone/absent-features.ts): the engine never calls it for such a config, and if a
 * change to the engine ever did, the module fails loudly instead of deciding differently.
 *
 * @example
 * export const bestSendTime: typeof real.bestSendTime = absentFeature("best send time");
 */
export function absentFeature(feature: string): () => never {
  return () => {
    throw new Error(`nudgekit engine module: ${feature} ran, but this module was emitted for a config without it (a defect: please report it)`);
  };
}
