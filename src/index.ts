/**
 * nudgekit — headless decision engines for customer-engagement messaging.
 *
 * Each engine is also its own subpath export (`nudgekit/rules`, …) and can be used alone.
 * The decision engine (`createEngine`) joins this entry point when it lands.
 */
export * from "./rules/index.js";
export * from "./experiments/index.js";
export * from "./segments/index.js";
export * from "./caps/index.js";
export * from "./channels/index.js";
