/**
 * estimator accuracy table (issue 9 item 5). Claim: every decoder family
 * reads every known-MI channel of a fixed list within the tolerance of its kind, without
 * exceeding I + 3 SE (src/info/checks/accuracy.ts), at N = 5000 (1250 / 3750, the CB protocol) and the
 * family's protocol epochs (CB 100 at lr 0.05 and 0.5, CIFAR 50, linear 50).
 * Failures are pinned as data with their measured explanation (the accuracy-row entries of
 * src/claims/known-failures.ts): a declared row must still fail (so a fix is noticed) and any
 * other failing row fails the claim.
 * Defined in src/claims/estimator/accuracy.ts.
 */
import { estimatorClaimTest } from "./shared.js";

estimatorClaimTest("accuracy");
