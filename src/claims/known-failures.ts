/**
 * Claims known NOT to hold at a given scale, declared as data with the measured reason (never a
 * silent skip). A listed claim is still run and evaluated in full; its spec then asserts that it
 * still fails, so a claim that starts to pass is noticed and its entry removed. Each entry quotes
 * the numbers of the run that established it.
 */
import type { Scale } from "../interfaces.js";

export interface KnownFailure {
  id: string;
  scale: Scale;
  /** What fails, with the measured numbers and the command that measured them. */
  reason: string;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  {
    id: "fig2a",
    scale: "ci",
    reason:
      "measured 2026-11-26 (CLAIMS_SCALE=ci npx vitest run claims/checkerboard, wasm): 2 of 4 CB-2 seeds learned; " +
      "last-layer colour 0.245 bit (seed 3 keeps 0.49 bit after 100 epochs) > 0.1, and last-layer direction 0.694 bit < 0.9 " +
      "although the decoder classifies every test row correctly (seed 2: 0.389 bit at decoder accuracy 1.0): the 50-epoch " +
      "dropout-0.7 decoder is under-confident on the 3-unit layer",
  },
  {
    id: "fig2b",
    scale: "ci",
    reason:
      "measured 2026-11-26 (CLAIMS_SCALE=ci npx vitest run claims/checkerboard, wasm): colour falls with depth (rho -1) and the last " +
      "layer holds 0.099 bit of colour (bound 0.332), but its direction information is 2.29 bit (95% CI 1.91-2.67) < 2.99: the " +
      "lr-0.5 decoder reaches only 0.81-0.90 accuracy on a layer the network itself reads at >= 0.999",
  },
  {
    id: "fig6",
    scale: "ci",
    reason:
      "measured 2026-11-26 (CLAIMS_SCALE=ci npx vitest run claims/checkerboard, wasm): CB-10 holds (P=20 0.585 vs P=0 0.099 bit, " +
      "Welch p = 0.001) but the CB-2 arm has only 2 learned seeds per arm (0.482 vs 0.245 bit, Welch p = 0.26): too few seeds at ci scale",
  },
];

/** The declared reason when `id` is a known failure at `scale`, else null. */
export function knownFailure(id: string, scale: Scale, list: readonly KnownFailure[] = KNOWN_FAILURES): string | null {
  return list.find((k) => k.id === id && k.scale === scale)?.reason ?? null;
}
