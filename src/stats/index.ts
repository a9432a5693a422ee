/** Statistics used by every claim: descriptive summaries, tests, clipping, the verdict engine and the claim rules. */
export * from "./distributions.js";
export * from "./descriptive.js";
export * from "./tests.js";
export * from "./clip.js";
export * from "./verdict.js";
export * from "./rules.js";
