/** Statistics used by every claim: descriptive summaries, tests, clipping, claim predicates. */
export * from "./distributions.js";
export * from "./descriptive.js";
export * from "./tests.js";
export * from "./clip.js";
export * from "./predicates.js";
