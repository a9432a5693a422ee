/**
 * Flags of usable-information points (PROTOCOL.md section 0; issue 9): what makes a number suspect
 * of being the decoder's rather than the representation's.
 * - failure: raw I_u < -0.05 bit (DECODER_FAILURE_BITS);
 * - collapse: at least COLLAPSE_BITS below the same seed, layer, label, decoder replicate and reading at
 *   both neighbouring probe epochs (a layer cannot forget and relearn a label between two probes
 *   of a run that is settled; a dip like that is the decoder's);
 * - unstable: a decoder step whose gradient norm exceeded 100x the decoder's median;
 * - non-finite: a decoder step whose loss or gradient was not finite (it changed nothing).
 * Flags are computed from stored results, so changing a rule here needs no retraining.
 */
import { DECODER_FAILURE_BITS } from "../interfaces.js";
import type { FlaggedPoint, PointFlag } from "../claim-interfaces.js";
import { registeredReading, type CbInfoPoint, type CbSeedResult } from "../experiments/cb-runner.js";
import { readingOf } from "../info/core/whiten.js";

/** A point this far below both of its neighbouring probes (same seed, layer, label) is a collapse, bits. */
export const COLLAPSE_BITS = 0.5;

export const POINT_FLAGS: readonly PointFlag[] = ["failure", "collapse", "unstable", "non-finite"];

const memo = new WeakMap<CbSeedResult, Map<CbInfoPoint, PointFlag[]>>();

/** Flags of every point of one seed-run. */
export function seedFlags(r: CbSeedResult): Map<CbInfoPoint, PointFlag[]> {
  const hit = memo.get(r);
  if (hit) return hit;
  const out = new Map<CbInfoPoint, PointFlag[]>();
  const series = new Map<string, CbInfoPoint[]>();
  for (const p of r.info) {
    const k = `${p.label}|${p.layer}|${p.replicate ?? 1}|${p.input ?? "raw"}`;
    const s = series.get(k);
    if (s) s.push(p);
    else series.set(k, [p]);
  }
  const collapsed = new Set<CbInfoPoint>();
  for (const s of series.values()) {
    s.sort((a, b) => a.epoch - b.epoch);
    for (let i = 1; i + 1 < s.length; i++) {
      if (s[i].bits <= s[i - 1].bits - COLLAPSE_BITS && s[i].bits <= s[i + 1].bits - COLLAPSE_BITS) collapsed.add(s[i]);
    }
  }
  for (const p of r.info) {
    const f: PointFlag[] = [];
    if (p.bits < DECODER_FAILURE_BITS) f.push("failure");
    if (collapsed.has(p)) f.push("collapse");
    if ((p.diagnostics?.unstableSteps ?? 0) > 0) f.push("unstable");
    if ((p.diagnostics?.nonFiniteSteps ?? 0) > 0) f.push("non-finite");
    out.set(p, f);
  }
  memo.set(r, out);
  return out;
}

/** Flags of one point of a seed-run. */
export function pointFlags(r: CbSeedResult, p: CbInfoPoint): PointFlag[] {
  return seedFlags(r).get(p) ?? [];
}

/** Run name of a seed-run for reports ("CB-10", "CB-10 P=20"). */
export function runName(r: CbSeedResult): string {
  return `${r.config.run}${r.config.pretrainEpochs ? ` P=${r.config.pretrainEpochs}` : ""}${r.config.trainLabels === "shuffled" ? " shuffled" : ""}`;
}

/**
 * Counts and list of the flagged points of some seed-runs. `used` says whether a rule of the
 * claim uses a point (reported beside each flagged point).
 */
export function flagSummary(results: readonly CbSeedResult[], used: (r: CbSeedResult, p: CbInfoPoint) => boolean): NonNullable<import("../claim-interfaces.js").ClaimRecord["flags"]> {
  const counts = Object.fromEntries(POINT_FLAGS.map((f) => [f, 0])) as Record<PointFlag, number>;
  const list: FlaggedPoint[] = [];
  let points = 0;
  for (const r of results) {
    for (const [p, flags] of seedFlags(r)) {
      points++;
      if (flags.length === 0) continue;
      for (const f of flags) counts[f]++;
      list.push({ run: runName(r), seed: r.seed, label: p.label, layer: p.layer, epoch: p.epoch, replicate: p.replicate ?? 1, ...(readingOf(p) !== registeredReading(r) ? { input: readingOf(p) } : {}), bits: p.bits, flags, usedByRule: used(r, p) });
    }
  }
  return { points, counts, list };
}
