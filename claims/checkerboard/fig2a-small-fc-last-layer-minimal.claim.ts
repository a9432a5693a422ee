/**
 * fig2a (Fig 2a). Claim: Small FC trained on CB-2 ends with ~0 bits of colour and ~1 bit of
 * direction in its last hidden layer.
 * Statistic: final-epoch usable information of layer 5 (clipped at 0), mean over learned seeds.
 * Seeds: 8 (paper), 3 (ci). Pass: colour(L5) <= 0.1 bit; direction(L5) >= 0.9 bit;
 * colour(L5) < colour(L1) (paired over seeds).
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig2a");
