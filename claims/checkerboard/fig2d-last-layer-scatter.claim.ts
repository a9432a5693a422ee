/**
 * fig2d (Fig 2d/6d). Claim: in the last hidden layer of Small FC (CB-2) the colours overlap while
 * the directions separate. PROTOCOL.md asserts nothing beyond fig2a: this spec exports the scatter
 * data (first learned seed, epochs 0, 10, 20 and final, projected on two principal components) to
 * the report and checks only that the export is complete.
 * Seeds: the fig2a runs (cached).
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig2d");
