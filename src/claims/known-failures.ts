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

const PAPER_MEASURED = "measured 2026-12-01 (CLAIMS_SCALE=paper npx vitest run claims/checkerboard from an empty cache, wasm backend, code version b497ac4afc2c8391; per-seed data in reports/paper/data)";

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  // Paper scale: the registered protocol, 8 seeds per run. Inconclusive is not contradicted: the
  // 95% CI holds both sides of the bound, and the record says how many seeds would decide it.
  {
    id: "fig2a",
    scale: "paper",
    status: "inconclusive",
    learnedSeeds: 5,
    rules: [{ rule: "last-layer-colour", outcome: "inconclusive", statistic: [0.11, 0.18] }],
    reason:
      `${PAPER_MEASURED}: 5 of 8 CB-2 seeds learned; last-layer colour 0.144 bit, 95% CI [0, 0.394] over 5 seeds, straddles the 0.1 bound ` +
      "(one learned seed keeps ~0.5 bit in every layer from the third on; ~81 seeds would decide it at this spread). Direction (1.000 bit) and the fall from layer 1 (-0.86) are reproduced; robust to a second decoder seed and to leaving flagged points out. " +
      "Input scale (reports/paper/input-scaling.md, npm run study:input-scaling): the same decoder and seed on per-unit scaled last-layer activations read 0.247 bit [0, 0.566], a linear decoder 0.053.",
  },
  {
    id: "fig2b",
    scale: "paper",
    status: "inconclusive",
    learnedSeeds: 8,
    rules: [{ rule: "last-layer-colour", outcome: "inconclusive", statistic: [0.19, 0.26] }],
    reason:
      `${PAPER_MEASURED}: last-layer colour 0.225 bit, 95% CI [0.113, 0.336], reaches the 0.332 bound by 0.004 bit (~9 seeds would decide it); ` +
      "with the second decoder seed it is reproduced, so the verdict is not robust to the decoder seed. Colour falls with depth (rho -1) and direction is reproduced (3.316 of 3.322 bits). " +
      "Input scale (reports/paper/input-scaling.md, npm run study:input-scaling): the same decoder and seed on per-unit scaled last-layer activations (an invertible affine map) read 0.437 bit [0.312, 0.562], mostly above the bound (under-fitting of small-spread units by SGD; one global rescaling changes nothing), a linear decoder 0.347.",
  },
  {
    id: "fig2xt",
    scale: "paper",
    status: "inconclusive",
    learnedSeeds: 16,
    rules: [{ rule: "CB-10-every-epoch", outcome: "inconclusive", statistic: [0.3, 0.37] }],
    reason:
      `${PAPER_MEASURED}: on CB-10 the worst probe epoch holds 0.336 bit of last-layer colour on average, 95% CI [0.182, 0.489], straddling the 0.332 bound; ` +
      "the CB-20 arm is reproduced (worst epoch 0.288 bit against 0.864). " +
      "Input scale (reports/paper/input-scaling-verdicts.md, npm run study:input-scaling:verdicts): with every decoder reading standardised activations (same decoders and seeds) the CB-10 arm is contradicted, worst epoch 0.482 bit [0.358, 0.607].",
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
