/**
 * Every estimator claim as data (issue 20: one claim registry; PROTOCOL.md section 3, paper
 * appendix A.1): the property claims over analytic channels, the accuracy table, invariance under
 * affine maps and the regression check on real snapshots. Importing this module runs nothing. The
 * spec files under claims/estimator register an entry by name (claims/estimator/shared.ts); the
 * report and the known-failure table key on the same ids, so no list of estimator claims is kept
 * anywhere else.
 */
import { ACCURACY } from "./accuracy.js";
import { INVARIANCE } from "./invariance.js";
import { LOWER_BOUND } from "./lower-bound.js";
import { MONOTONICITY } from "./monotonicity.js";
import { NULL } from "./null.js";
import type { EstimatorClaimDef } from "./record.js";
import { REGRESSION } from "./regression.js";
import { TIGHT } from "./tight.js";
import { UNITS } from "./units.js";

export type { EstimatorClaimDef } from "./record.js";

/** The registered claims of PROTOCOL.md section 3 first, then the suite's own (issues 3, 9, 23). */
export const ESTIMATOR_CLAIMS: readonly EstimatorClaimDef[] = [LOWER_BOUND, TIGHT, NULL, INVARIANCE, MONOTONICITY, UNITS, ACCURACY, REGRESSION];

/** The entry of estimator claim `id` ("estimator-<name>"; throws naming the known ids). */
export function estimatorClaimDef(id: string): EstimatorClaimDef {
  const def = ESTIMATOR_CLAIMS.find((d) => d.id === id);
  if (!def) throw new Error(`no estimator claim "${id}" (known: ${ESTIMATOR_CLAIMS.map((d) => d.id).join(", ")})`);
  return def;
}
