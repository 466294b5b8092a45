export { logGamma } from "./log-gamma.js";
export { logBeta } from "./log-beta.js";
export { normalCdf, normalDensity, normalSurvival } from "./normal-distribution.js";
export { normalQuantile, twoSidedNormalQuantile } from "./normal-quantile.js";
export { chiSquareCdf, chiSquareSurvival } from "./chi-square-distribution.js";
export { studentTCdf, studentTSurvival } from "./student-t-distribution.js";
export { studentTQuantile } from "./student-t-quantile.js";
export { betaCdf, betaSurvival } from "./beta-distribution.js";
export { regularizedIncompleteBeta, regularizedIncompleteGammaP, regularizedIncompleteGammaQ } from "./regularized-functions.js";
