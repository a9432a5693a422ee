/**
 * fig2xt (Sec 4.1, on Fig 2b,c). Claim: "it was possible for the network to solve the task with
 * nearly zero usable color information in its last layer across training".
 * Statistic: mean over learned seeds of last-layer colour information (clipped at 0) at each probe
 * epoch. Seeds: 8 (paper), 3 (ci), of the same CB-10 and CB-20 runs as fig2b and fig2c (cached).
 * Pass: at every probe epoch, mean <= 10% of log2 10 (CB-10) and <= 20% of log2 20 (CB-20).
 * At ci scale only the CB-10 arm runs (CB-20 is paper-scale only); the record says so.
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig2xt");
