/**
 * fig2b (Fig 2b). Claim: Medium FC on CB-10: colour information falls with depth, direction rises,
 * and the last layer is nearly minimal.
 * Statistic: final-epoch usable information per layer (clipped at 0), means over learned seeds.
 * Seeds: 8 (paper), 3 (ci). Pass: Spearman rho(colour, layer) <= -0.8; last-layer colour <= 10% of
 * log2 10; last-layer direction >= 90% of log2 10.
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig2b");
