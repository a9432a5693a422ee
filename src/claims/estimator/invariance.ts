/**
 * estimator invariance (PROTOCOL.md section 3, amended 2026-12-02; paper App. A.1): an invertible
 * affine map of Z leaves I_u unchanged within noise. Claim, statistic, draws and pass rule:
 * claims/estimator/invariance.claim.ts. The families that fail are the invariance-family entries
 * of src/claims/known-failures.ts; the record judges every family against them in its check
 * AS_DECLARED_RULE (a declared family must still fail, by no more than declared; any other
 * family must hold), which is what the test asserts.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { ClaimCheck, ClaimRecord } from "../../claim-interfaces.js";
import { currentScale } from "../../experiments/scale.js";
import { accuracyFamilies } from "../../info/checks/accuracy.js";
import { affineMap, applyAffineMap, type AffineOptions } from "../../info/channels/index.js";
import { estimateUsableInfo } from "../../info/core/estimate.js";
import { snapshotData } from "../../info/checks/regression.js";
import { readSnapshot } from "../../info/checks/snapshot.js";
import type { DecoderConfig, DecoderTask, LabelledData, Scale } from "../../interfaces.js";
import { REPO_ROOT } from "../../runtime/files.js";
import { deriveSeed } from "../../runtime/rng.js";
import { INVARIANCE_MAX_DIFF_BITS, MAX_CONDITION, UNIT_SCALE_RANGE } from "../estimator-protocol.js";
import { invarianceProblems, knownFailuresOf } from "../known-failures.js";
import { buildChannel, channelArb, splitRows, type ChannelSpec } from "./harness.js";
import { asDeclaredCheck, check, estimatorRecord, f4, type EstimatorClaimDef } from "./record.js";

const INVARIANCE_SEED = 77;
const N = 5000;
/** Kinds of drawn maps (PROTOCOL.md section 3 as amended). */
export const INVARIANCE_MAPS = ["per-unit", "rotation", "rotation+per-unit"] as const;
export type MapKind = (typeof INVARIANCE_MAPS)[number];
/** Analytic cases and, per snapshot and label, map kinds per scale. */
export const INVARIANCE_CASES: Record<Scale, { analytic: number; realKinds: number }> = { paper: { analytic: 12, realKinds: 3 }, ci: { analytic: 4, realKinds: 1 } };

/**
 * Decoder seeds added, on both sides of a pair that breaks the bound, to tell a systematic shift
 * from the decoder's own seed-to-seed noise (the mechanism a known failure must name).
 */
export const NOISE_SEEDS = [101, 102, 103, 104];

/** The families at their registered protocol: the accuracy table's (CB at both learning rates, CIFAR, linear). */
export function invarianceFamilies(): { name: string; cfg: DecoderConfig }[] {
  return accuracyFamilies();
}

/** A double uniform on [min, max] in steps of (max - min) / 1e4 (fast-check's doubles are not uniform on an interval: unbiased, they crowd near 0). */
const uniform = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: 10_000 }).map((i) => Math.round((min + ((max - min) * i) / 10_000) * 1000) / 1000);

interface MapSpec {
  kind: MapKind;
  seed: number;
  /** log10 of the condition number (rotation kinds). */
  log10Cond: number;
  offsetScale: number;
}

const mapArb: fc.Arbitrary<MapSpec> = fc.record({
  kind: fc.constantFrom(...INVARIANCE_MAPS),
  seed: fc.integer({ min: 1, max: 100_000 }),
  log10Cond: uniform(0, Math.log10(MAX_CONDITION)),
  offsetScale: uniform(0, 5),
});

function mapOptions(m: MapSpec): AffineOptions {
  const rotate = m.kind !== "per-unit";
  return {
    seed: m.seed,
    offsetScale: m.offsetScale,
    rotate,
    ...(rotate ? { conditionNumber: Math.round(10 ** m.log10Cond * 10) / 10 } : {}),
    ...(m.kind !== "rotation" ? { unitScaleRange: UNIT_SCALE_RANGE } : {}),
  };
}

/** A pair: the same rows before and after one map, one decoder seed. */
interface Pair {
  id: string;
  source: "analytic" | "real";
  base: { train: LabelledData; test: LabelledData; hYBits?: number };
  mapped: { train: LabelledData; test: LabelledData };
  decoderSeed: number;
}

function sampleSd(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

function mapped(d: { train: LabelledData; test: LabelledData }, spec: MapSpec): { pair: { train: LabelledData; test: LabelledData }; id: string } {
  const map = affineMap(d.train.dim, mapOptions(spec), "invariance");
  return { pair: { train: { ...d.train, z: applyAffineMap(map, d.train.z) }, test: { ...d.test, z: applyAffineMap(map, d.test.z) } }, id: `${spec.kind}(${map.id})` };
}

function analyticPairs(count: number): Pair[] {
  const arb = fc.record({ k: fc.integer({ min: 2, max: 4 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) }).chain((r) => fc.record({ dataSeed: fc.constant(r.dataSeed), channel: channelArb(r.k), map: mapArb }));
  const { nTrain, nTest } = splitRows(N);
  // Unbiased draws: fast-check's default bias favours the bounds (cond 1, offset 0), not the spread the claim asks for.
  return fc.sample(arb, { seed: INVARIANCE_SEED, numRuns: count, unbiased: true }).map((r, i) => {
    const ch = buildChannel(r.channel as ChannelSpec);
    const base = { train: ch.sample(nTrain, deriveSeed(r.dataSeed, "train")), test: ch.sample(nTest, deriveSeed(r.dataSeed, "test")), hYBits: ch.hYBits() };
    const m = mapped(base, r.map);
    return { id: `${ch.id}|${m.id}`, source: "analytic" as const, base, mapped: m.pair, decoderSeed: 1 + i };
  });
}

const SNAPSHOT_DIR = join(REPO_ROOT, "fixtures", "estimator", "invariance");

function realPairs(kindsPerData: number): Pair[] {
  const files = readdirSync(SNAPSHOT_DIR).filter((f) => f.endsWith(".usnap")).sort();
  if (files.length === 0) throw new Error(`no snapshots in ${SNAPSHOT_DIR} (npx tsx scripts/make-invariance-snapshots.ts)`);
  const maps = fc.sample(mapArb, { seed: INVARIANCE_SEED + 1, numRuns: 64, unbiased: true });
  const pairs: Pair[] = [];
  let at = 0;
  for (const [fi, file] of files.entries()) {
    const snap = readSnapshot(join(SNAPSHOT_DIR, file));
    for (const label of snap.header.labels.map((l) => l.name)) {
      const base = snapshotData(snap, label);
      // Each data set gets `kindsPerData` kinds: all three at paper scale; at ci one, in turn.
      const kinds = kindsPerData >= INVARIANCE_MAPS.length ? [...INVARIANCE_MAPS] : [INVARIANCE_MAPS[(fi + pairs.length) % INVARIANCE_MAPS.length]];
      for (const kind of kinds) {
        const spec = { ...maps[at++ % maps.length], kind };
        const m = mapped(base, spec);
        pairs.push({ id: `${file.replace(/\.usnap$/, "")}|${label}|${m.id}`, source: "real", base, mapped: m.pair, decoderSeed: 1 + (at % 7) });
      }
    }
  }
  return pairs;
}

export const INVARIANCE: EstimatorClaimDef = {
  id: "estimator-invariance",
  title: "estimator invariance: an invertible affine map of Z (per-unit scales 1e-3..1e3, rotations up to cond 1e4, offsets) changes I_u by <= 0.05 bit, every family, analytic and real Z",
  build: async (): Promise<ClaimRecord> => {
    const scale = currentScale();
    const sizes = INVARIANCE_CASES[scale];
    const pairs = [...analyticPairs(sizes.analytic), ...realPairs(sizes.realKinds)];
    const rows: (string | number)[][] = [];
    const noiseRows: (string | number)[][] = [];
    const knownProblems: string[] = [];
    // Families with a pair over the bound (their check fails).
    const failed = new Set<string>();
    const checks: ClaimCheck[] = [];
    let decoders = 0;
    for (const fam of invarianceFamilies()) {
      const tasks: DecoderTask[] = pairs.flatMap((p, i) => [
        { id: `${i}/base`, ...p.base, seed: p.decoderSeed },
        { id: `${i}/mapped`, ...p.mapped, ...(p.base.hYBits !== undefined ? { hYBits: p.base.hYBits } : {}), seed: p.decoderSeed },
      ]);
      const got = await estimateUsableInfo(tasks, fam.cfg);
      decoders += tasks.length;
      let worst = 0;
      let worstId = "";
      let systematicMax = 0;
      const overBound: string[] = [];
      const systematic: string[] = [];
      pairs.forEach((p, i) => {
        const before = got[2 * i].bits;
        const after = got[2 * i + 1].bits;
        const d = after - before;
        const fails = Math.abs(d) > INVARIANCE_MAX_DIFF_BITS;
        rows.push([fam.name, p.source, p.id, f4(before), f4(after), f4(d), fails ? "FAILS" : "holds"]);
        if (Math.abs(d) > worst) {
          worst = Math.abs(d);
          worstId = p.id;
        }
        if (fails) overBound.push(`${p.id}: ${f4(before)} -> ${f4(after)} (${f4(d)})`);
      });
      // Every pair over the bound: the same pair with NOISE_SEEDS, to measure the family's seed noise there.
      const over = pairs.map((p, i) => ({ p, i, d: got[2 * i + 1].bits - got[2 * i].bits })).filter((x) => Math.abs(x.d) > INVARIANCE_MAX_DIFF_BITS);
      if (over.length) {
        const noiseTasks: DecoderTask[] = over.flatMap(({ p, i }) =>
          NOISE_SEEDS.flatMap((seed) => [
            { id: `${i}/base/${seed}`, ...p.base, seed },
            { id: `${i}/mapped/${seed}`, ...p.mapped, ...(p.base.hYBits !== undefined ? { hYBits: p.base.hYBits } : {}), seed },
          ]),
        );
        const noise = await estimateUsableInfo(noiseTasks, fam.cfg);
        decoders += noiseTasks.length;
        over.forEach(({ p, d }, j) => {
          const at = (k: number, side: 0 | 1) => noise[2 * (j * NOISE_SEEDS.length + k) + side].bits;
          const base = NOISE_SEEDS.map((_, k) => at(k, 0));
          const shifts = NOISE_SEEDS.map((_, k) => at(k, 1) - at(k, 0));
          const sdBase = sampleSd(base);
          const meanShift = shifts.reduce((a, b) => a + b, 0) / shifts.length;
          const seShift = sampleSd(shifts) / Math.sqrt(shifts.length);
          const noiseOnly = Math.abs(meanShift) <= INVARIANCE_MAX_DIFF_BITS && Math.abs(meanShift) <= 3 * seShift + 1e-9;
          noiseRows.push([fam.name, p.id, f4(d), f4(sdBase), f4(meanShift), f4(seShift), noiseOnly ? "seed noise" : "systematic"]);
          if (!noiseOnly) {
            systematicMax = Math.max(systematicMax, Math.abs(meanShift));
            systematic.push(`${p.id}: mean shift over seeds ${NOISE_SEEDS.join(", ")} ${f4(meanShift)} +- ${f4(seShift)} (systematic)`);
          }
        });
      }
      checks.push(
        check(
          `${fam.name}: max |I_u(AZ+b) - I_u(Z)| <= 0.05 bit`,
          overBound.length === 0,
          worst,
          INVARIANCE_MAX_DIFF_BITS,
          `${fam.name} decoder (${fam.cfg.epochs} epochs), ${pairs.length} pairs (${pairs.filter((p) => p.source === "real").length} on real activations), paired rows and decoder seed; worst ${f4(worst)} bit on ${worstId}${overBound.length ? `\n  ${overBound.join("\n  ")}` : ""}`,
        ),
      );
      if (overBound.length) failed.add(fam.name);
      // A declared family must still fail, and no more than measured; any other family must hold.
      knownProblems.push(...invarianceProblems({ family: fam.name, overBound: overBound.length, worstBits: worst, systematicBits: systematicMax, systematic }, scale));
    }
    const record = await estimatorRecord({
      id: "invariance",
      statement: "An invertible affine map of Z (per-unit scales 1e-3..1e3 with offsets, rotations with condition numbers up to 1e4, both) changes I_u by <= 0.05 bit, for every decoder family, on analytic channels and on real activations",
      checks: [...checks, asDeclaredCheck(knownProblems)],
      tables: [
        { title: "Pairs: I_u before and after the map (bits; whitened decoder inputs)", columns: ["family", "data", "case (data | map)", "I_u(Z)", "I_u(AZ+b)", "diff", "property"], rows },
        {
          title: `Pairs over the bound, again with decoder seeds ${NOISE_SEEDS.join(", ")} on both sides: the family's seed-to-seed sd of I_u(Z) there, and the mean paired shift (a shift within 3 SE of 0 is the decoder's seed noise, not the map's)`,
          columns: ["family", "case", "diff (registered seed)", "sd of I_u(Z) over seeds", "mean shift", "SE of the shift", "mechanism"],
          rows: noiseRows,
        },
        { title: "Known failures (declared per family and scale, measured)", columns: ["family", "scale", "worst |diff| declared", "systematic shift declared", "reason"], rows: knownFailuresOf("invariance-family").map((k) => [k.family, k.scale, k.maxAbsDiffBits, k.maxSystematicBits, k.reason]) },
      ],
      rows: [],
      runs: pairs.length,
    });
    const declared = knownFailuresOf("invariance-family", scale).filter((k) => failed.has(k.family));
    return {
      ...record,
      clipping: { points: decoders, clipped: 0, decoderFailures: 0 },
      ...(declared.length ? { knownFailure: declared.map((k) => `${k.family}: ${k.reason}`).join(" ") } : {}),
    };
  },
};
