/**
 * Claims known NOT to reproduce at a given scale, pinned as data (never a silent skip). An entry
 * pins the claim's verdict, its learned-seed count, and its rules, each with its outcome and a
 * band for its statistic: at paper scale every rule of the claim, with a band of +-10% of the
 * measured value (PAPER_BAND, or tighter), so that a rule on its passing side cannot drift
 * unseen either; at ci scale the rules that are not reproduced (every ci number is also pinned
 * exactly by src/claims/pins.ts). The claim is still run and evaluated in full; its test passes
 * only when the record matches the entry, so another rule failing, a statistic drifting out of
 * its band, a different verdict or a claim that starts to reproduce all turn the test red (and
 * the entry must then be re-measured or removed, with the reason).
 */
import type { Scale } from "../interfaces.js";
import type { ClaimRecord, ClaimStatus, Outcome } from "../claim-interfaces.js";

export interface PinnedRule {
  /** Rule id (ClaimCheck.rule). */
  rule: string;
  outcome: Outcome;
  /** Inclusive band for the rule's statistic. */
  statistic: [number, number];
}

/** Paper-scale pins band each statistic at +-10% of its measured value (issue 19). */
export const PAPER_BAND = 0.1;

/** The band [x - 10% |x|, x + 10% |x|] of a measured statistic (rounded outward to 4 significant digits). */
export function band(x: number, frac = PAPER_BAND): [number, number] {
  const d = Math.abs(x) * frac;
  const lo = x - d;
  const hi = x + d;
  const round = (v: number, dir: -1 | 1) => {
    if (v === 0) return 0;
    const e = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3);
    // k * e in decimal (4 significant digits): toPrecision drops the binary residue of the product.
    return Number(((dir < 0 ? Math.floor(v / e) : Math.ceil(v / e)) * e).toPrecision(6));
  };
  return [round(lo, -1), round(hi, 1)];
}

export interface KnownFailure {
  id: string;
  scale: Scale;
  /** The claim's verdict. */
  status: Exclude<ClaimStatus, "reproduced" | "skipped" | "exported" | "pipeline-ok">;
  /** Learned seeds (pinned exactly) for claims that count them. */
  learnedSeeds?: number;
  /** The pinned rules: every rule at paper scale; at ci the rules not reproduced (the others must be reproduced). */
  rules: PinnedRule[];
  /** What fails and why, with the measured numbers and the command that measured them. */
  reason: string;
}

const CI_WHITENED = "measured 2026-12-02 (CLAIMS_SCALE=ci npx vitest run claims/checkerboard, wasm backend, whitened decoder inputs)";

const PAPER_MEASURED = "measured 2026-12-02 (CLAIMS_SCALE=paper npx vitest run claims/checkerboard from an empty cache, wasm backend, code version 1fbe6527847b66a5, 16 seeds, whitened decoder inputs; per-seed data in reports/paper/data)";

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  // Paper scale: the registered protocol (16 seeds, whitened decoder inputs). Every rule is pinned
  // with a band of +-10% of its measured value (band()), so a rule on its passing side cannot
  // drift unseen either.
  {
    id: "fig2a",
    scale: "paper",
    status: "contradicted",
    learnedSeeds: 12,
    rules: [
      { rule: "last-layer-colour", outcome: "contradicted", statistic: band(0.38749455004964545) },
      { rule: "last-layer-direction", outcome: "reproduced", statistic: band(0.9975569963270989) },
      { rule: "colour-falls-from-layer-1", outcome: "reproduced", statistic: band(-0.6119622119735719) },
    ],
    reason:
      `${PAPER_MEASURED}: 12 of 16 CB-2 seeds learned; the last layer keeps 0.387 bit of colour, 95% CI [0.250, 0.525], wholly above the 0.1 bound; ` +
      "direction (0.998 bit) and the fall from layer 1 (-0.61) are reproduced; robust to a second decoder seed and to leaving flagged points out; seeds 9-16 alone: contradicted (0.364 [0.194, 0.534]). " +
      "Reading-dependent: raw 0.145 [0, 0.33] is inconclusive (the 8-seed pilot's 0.144), standardised 0.254 contradicted.",
  },
  {
    id: "fig2b",
    scale: "paper",
    status: "contradicted",
    learnedSeeds: 16,
    rules: [
      { rule: "colour-falls-with-depth", outcome: "reproduced", statistic: [-1, -1] },
      { rule: "last-layer-colour", outcome: "contradicted", statistic: band(0.8586150518663376) },
      { rule: "last-layer-direction", outcome: "reproduced", statistic: band(3.2928208881085754) },
    ],
    reason:
      `${PAPER_MEASURED}: the CB-10 last layer keeps 0.859 bit of colour, 95% CI [0.732, 0.985], wholly above the 0.332 bound (10% of log2 10); ` +
      "colour falls with depth (rho -1) and direction is reproduced (3.293 of 3.322 bits); robust to the decoder views; seeds 9-16 alone: contradicted (0.848 [0.599, 1.10]). " +
      "Reading-dependent: raw 0.228 is reproduced (the registered reading until 2026-12-02), standardised 0.428 contradicted.",
  },
  {
    id: "fig2xt",
    scale: "paper",
    status: "contradicted",
    learnedSeeds: 32,
    rules: [
      { rule: "CB-10-every-epoch", outcome: "contradicted", statistic: band(0.8998667123940226) },
      { rule: "CB-20-every-epoch", outcome: "reproduced", statistic: band(0.599582797881115) },
    ],
    reason:
      `${PAPER_MEASURED}: on CB-10 the worst probe epoch holds 0.900 bit of last-layer colour on average, 95% CI [0.754, 1.046], above the 0.332 bound; ` +
      "the CB-20 arm is reproduced (worst epoch 0.600 [0.367, 0.832] against 0.864); seeds 9-16 alone: contradicted. Reading-dependent: raw 0.309 inconclusive, standardised 0.485 contradicted.",
  },
  {
    id: "fig6",
    scale: "paper",
    status: "task-not-learned",
    learnedSeeds: 46,
    rules: [
      { rule: "CB-2-pretrained-exceeds-base", outcome: "reproduced", statistic: band(0.0386082486814439) },
      { rule: "CB-2-pretrained-non-minimal", outcome: "reproduced", statistic: band(0.5097202262930549) },
      { rule: "CB-10-pretrained-exceeds-base", outcome: "reproduced", statistic: band(0.0022929823575595647) },
      { rule: "CB-10-pretrained-non-minimal", outcome: "reproduced", statistic: band(1.143343918246519) },
    ],
    reason:
      `${PAPER_MEASURED}: only 7 of 16 CB-2 seeds learn the task after 20 epochs of colour pretraining (P = 0: 12 of 16), fewer than half, so the claim cannot be judged (PROTOCOL.md: task not learned); ` +
      "on the seeds that learned, every rule holds: CB-2 P=20 0.510 bit against P=0 0.388 (Welch one-sided p 0.039), CB-10 1.143 against 0.859 (p 0.0023); seeds 9-16 alone: task not learned as well. Not reading-dependent.",
  },
  {
    id: "fig2a",
    scale: "ci",
    status: "inconclusive",
    learnedSeeds: 2,
    rules: [
      { rule: "last-layer-colour", outcome: "inconclusive", statistic: [0.15, 0.35] },
      { rule: "colour-falls-from-layer-1", outcome: "inconclusive", statistic: [-0.9, -0.6] },
    ],
    reason:
      `${CI_WHITENED}: 2 of 4 CB-2 seeds learned; whitened last-layer colour 0.288 bit (raw 0.242) with the t interval over 2 seeds clipped to [0, 1] ` +
      "(one seed keeps ~0.5 bit); two seeds cannot decide a bound at 0.1 bit or the layer-1 comparison (-0.71). Direction is reproduced (1.000 bit). Not reading-dependent.",
  },
  {
    id: "fig2b",
    scale: "ci",
    status: "contradicted",
    learnedSeeds: 3,
    rules: [{ rule: "last-layer-colour", outcome: "contradicted", statistic: [0.55, 0.73] }],
    reason:
      `${CI_WHITENED}: whitened last-layer colour 0.639 bit, 95% CI [0.403, 0.874] over 3 seeds, wholly above the 0.332 bound; colour falls with depth (rho -1) and direction is reproduced (3.315 of 3.322 bits). ` +
      "Reading-dependent: raw 0.127 [0, 0.409] and standardised 0.326 [0.089, 0.563] are inconclusive (the raw reading equals the value measured before the amendment).",
  },
  {
    id: "fig2xt",
    scale: "ci",
    status: "contradicted",
    learnedSeeds: 3,
    rules: [{ rule: "CB-10-every-epoch", outcome: "contradicted", statistic: [0.6, 0.77] }],
    reason:
      `${CI_WHITENED}: the worst probe epoch holds 0.683 bit of whitened last-layer colour on average, 95% CI [0.574, 0.791] over 3 seeds, above the 0.332 bound. ` +
      "Reading-dependent: raw 0.212 [0.003, 0.421] and standardised 0.326 [0.089, 0.563] are inconclusive.",
  },
  {
    id: "fig6",
    scale: "ci",
    status: "inconclusive",
    learnedSeeds: 10,
    rules: [{ rule: "CB-2-pretrained-exceeds-base", outcome: "inconclusive", statistic: [0.1, 0.5] }],
    reason: `${CI_WHITENED}: the CB-2 arm has 2 learned seeds per arm (whitened P=20 0.497 vs P=0 0.288 bit, Welch p = 0.30); the CB-10 arm is reproduced (1.099 vs 0.639 bit, p = 0.012). Not reading-dependent (raw p 0.25, standardised 0.30).`,
  },
  {
    id: "fig7",
    scale: "ci",
    status: "inconclusive",
    learnedSeeds: 9,
    rules: [{ rule: "CB-10-pretraining-hurts-accuracy", outcome: "inconclusive", statistic: [0.3, 0.8] }],
    reason: `${CI_WHITENED}: at ci scale (P in {0, 10, 20}, 3 seeds, 30 epochs after pretraining) every CB-10 run reaches 0.998-0.999 validation accuracy, so accuracy does not fall with P (rho 0, p = 0.52); whitened colour does rise with P (rho 0.84; raw 0.95).`,
  },
];

/** The entry pinning claim `id` at `scale`, or null. */
export function knownFailure(id: string, scale: Scale, list: readonly KnownFailure[] = KNOWN_FAILURES): KnownFailure | null {
  return list.find((k) => k.id === id && k.scale === scale) ?? null;
}

/** Every way a record differs from its pinned entry (empty when it matches exactly). */
export function knownFailureMismatches(record: ClaimRecord, entry: KnownFailure): string[] {
  const out: string[] = [];
  if (record.status !== entry.status) out.push(`verdict ${record.status}, pinned ${entry.status}`);
  if (entry.learnedSeeds !== undefined && record.seeds.learned !== entry.learnedSeeds) out.push(`learned seeds ${record.seeds.learned}, pinned ${entry.learnedSeeds}`);
  for (const c of record.checks) {
    const pin = entry.rules.find((r) => r.rule === c.rule);
    if (!pin) {
      if (c.outcome !== "reproduced") out.push(`rule ${c.rule} is ${c.outcome} (statistic ${c.statistic}) but not pinned`);
      else if (entry.scale === "paper") out.push(`rule ${c.rule} (reproduced, statistic ${c.statistic}) is not pinned: paper-scale entries pin every rule`);
      continue;
    }
    if (c.outcome !== pin.outcome) out.push(pin.outcome !== "reproduced" && c.outcome === "reproduced" ? `pinned rule ${pin.rule} is now reproduced (statistic ${c.statistic})` : `rule ${c.rule} is ${c.outcome}, pinned ${pin.outcome}`);
    if (!(c.statistic >= pin.statistic[0] && c.statistic <= pin.statistic[1])) out.push(`rule ${c.rule}: statistic ${c.statistic} outside its pinned band [${pin.statistic[0]}, ${pin.statistic[1]}]`);
  }
  for (const pin of entry.rules) if (!record.checks.some((x) => x.rule === pin.rule)) out.push(`pinned rule ${pin.rule} is missing from the record`);
  return out;
}
