/**
 * estimator regression (issues 3 and 23). Claim: the estimator still gives the baselined I_u on
 * real checkerboard activation snapshots (fixtures/estimator/*.usnap), per snapshot x label x
 * decoder family ("entry").
 * Statistic: per entry, the mean shift over the baselines' decoder seeds (16), paired by seed,
 * with its simultaneous CI (Bonferroni over the entries, family-wise alpha 0.05).
 * Pass: no entry whose shift is significant and larger than 0.02 bit; on the baselines' backend,
 * decoder implementation and estimator version (src/runtime/versions.ts) also every seed's reading within 1e-9 bit
 * (re-estimation is deterministic). Every run reports every shift with its CI, largest first, and
 * the minimum detectable shift per family (80% power) from the baselines' seed spread
 * (src/info/checks/regression.ts). A scale without baselines is skipped visibly with the command that
 * creates them.
 * Protocol: the scale's (ci: CB 15, CIFAR 8, linear 50 decoder epochs; paper: 100, 50, 50).
 * After an intended change: CLAIMS_SCALE=<scale> npm run estimator:rebaseline; to compare with
 * another commit's baselines: npm run estimator:compare -- --base REF.
 * Defined in src/claims/estimator/regression.ts.
 */
import { estimatorClaimTest } from "./shared.js";

estimatorClaimTest("regression");
