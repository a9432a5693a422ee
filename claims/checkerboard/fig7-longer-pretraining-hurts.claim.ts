/**
 * fig7 (Fig 7a-c, appendix B.2). Claim: longer pretraining on colour gives less minimal
 * representations and worse generalisation.
 * Statistics: Spearman correlation of P with final validation accuracy over all runs, and of P
 * with last-layer final colour information over learned runs.
 * Seeds: 8 per P (paper), 3 (ci). P in {0, 5, 10, 20, 40} on CB-10 and CB-20 (asserted) and CB-2
 * (reported only); the ci cut is in src/experiments/pretrain-protocol.ts and in the record.
 * Pass, per asserted run: rho(P, accuracy) < 0 with one-sided p < 0.05; rho(P, colour) > 0.
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig7");
