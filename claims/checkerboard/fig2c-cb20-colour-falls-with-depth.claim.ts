/**
 * fig2c (Fig 2c). Claim: Medium FC on CB-20 has the same shape as fig2b, with small colour
 * information in the later layers.
 * Statistic: final-epoch usable information per layer (clipped at 0), means over learned seeds.
 * Seeds: 8 (paper). Pass: Spearman rho(colour, layer) <= -0.8; last-layer colour <= 20% of
 * log2 20; last-layer direction >= 80% of log2 20.
 * CB-20 has no ci-scale protocol (it learns too slowly for a CI budget), so at ci scale the spec
 * is skipped with that reason.
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig2c");
