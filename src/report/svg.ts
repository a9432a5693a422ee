/**
 * Kept for src/claims/checkerboard.ts, which imports pca2 from here: the figures themselves are
 * Vega-Lite specs rendered by vega (vega.ts); the projection lives in pca.ts.
 */
export { pca2 } from "./pca.js";
