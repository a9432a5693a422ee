/**
 * The measurements behind the estimator null claim's declared known failures (the null-family
 * entries of src/claims/known-failures.ts; the draws and mechanisms in
 * src/claims/estimator/null-draws.ts). For every decoder family at its registered epochs, on the
 * first RUNS fast-check runs of the claim's draws (seed 50, 3 cases a run; the ci claim runs the
 * first 3, the paper claim the first 10):
 *   - how many cases break the registered |I_u| <= 0.02 bit, and the largest |I_u|;
 *   - what the labels alone read (r0 = labelsOnlyBits, no decoder) and the family's excess over
 *     it, e = r0 - I_u, against the linear ML overfitting cost m = P / (2 n_train) in bits:
 *     the least-squares slope of e on m (through 0), the residual sd and largest residual, and
 *     mean and largest e - m;
 *   - the largest |I_u| - limit under the family's declaration (must be <= 0), and the witnesses.
 *
 *   npx tsx scripts/estimator-known-failures.ts [--runs 40] [--families linear,cifar]   (~2 min per 40 runs and MLP family on 2 cores)
 */
import fc from "fast-check";
import { NULL_MAX_ABS_BITS } from "../src/claims/estimator-protocol.js";
import { estimateUsableInfo } from "../src/info/core/estimate.js";
import type { DecoderTask } from "../src/interfaces.js";
import { families, family } from "../src/claims/estimator/harness.js";
import { caseLabel, labelsOnlyBits, mlOverfitBits, nullCases, nullLimit, nullRows, nullRunArb, type NullCase } from "../src/claims/estimator/null-draws.js";
import { knownFailuresOf } from "../src/claims/known-failures.js";
import { parseCount, runScript, UsageError } from "./lib/cli.js";

const NULL_SEED = 50;

async function readings(cases: readonly NullCase[], fam: string): Promise<number[]> {
  const tasks: DecoderTask[] = cases.map((c, i) => ({ id: `c${i}`, seed: c.decoderSeed, ...nullRows(c) }));
  return (await estimateUsableInfo(tasks, family(fam).cfg)).map((r) => r.bits);
}

const f4 = (x: number): string => x.toFixed(4);

await runScript(
  { usage: "npx tsx scripts/estimator-known-failures.ts [--runs N] [--families cb-lr0.05,cb-lr0.5,cifar,linear]", options: { runs: { type: "string" }, families: { type: "string" } } },
  async ({ values }) => {
    const runs = parseCount("runs", values.runs ?? "40");
    if (runs < 1) throw new UsageError("--runs must be at least 1");
    const names = values.families ? values.families.split(",") : families().map((f) => f.name);
    for (const n of names) if (!families().some((f) => f.name === n)) throw new UsageError(`--families: unknown family "${n}"; the families are ${families().map((f) => f.name).join(", ")}`);
    const cases = fc.sample(nullRunArb, { seed: NULL_SEED, numRuns: runs }).flatMap(nullCases);
    const r0 = cases.map((c) => labelsOnlyBits(nullRows(c)));
    const m = cases.map(mlOverfitBits);
    console.log(`null draws: first ${runs} fast-check runs of seed ${NULL_SEED}, ${cases.length} cases; labels alone: r0 in [${f4(Math.min(...r0))}, ${f4(Math.max(...r0))}], ${r0.filter((x) => Math.abs(x) > NULL_MAX_ABS_BITS).length} case(s) with |r0| > ${NULL_MAX_ABS_BITS}`);
    for (const name of names) {
      const t0 = Date.now();
      const iu = await readings(cases, name);
      const e = iu.map((x, i) => r0[i] - x);
      const slope = e.reduce((s, x, i) => s + x * m[i], 0) / m.reduce((s, x) => s + x * x, 0);
      const res = e.map((x, i) => x - slope * m[i]);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));
      const em = e.map((x, i) => x - m[i]);
      const spec = knownFailuresOf("null-family").find((s) => s.family === name)!;
      const over = iu.map((x, i) => Math.abs(x) - nullLimit(spec, cases[i], r0[i], x > 0));
      const worstOver = over.indexOf(Math.max(...over));
      const breaking = iu.filter((x) => Math.abs(x) > NULL_MAX_ABS_BITS).length;
      console.log(`\n${name} (${family(name).cfg.epochs} epochs), ${((Date.now() - t0) / 1000).toFixed(0)} s:`);
      console.log(`  ${breaking} of ${cases.length} cases break |I_u| <= ${NULL_MAX_ABS_BITS}; largest |I_u| ${f4(Math.max(...iu.map(Math.abs)))}`);
      console.log(`  excess over the labels alone e = r0 - I_u: mean ${f4(mean(e))}, largest ${f4(Math.max(...e))}; slope on P / (2 n_train) ${slope.toFixed(2)}, residual sd ${f4(sd(res))}, largest residual ${f4(Math.max(...res))}`);
      console.log(`  e - P / (2 n_train): mean ${f4(mean(em))}, sd ${f4(sd(em))}, largest ${f4(Math.max(...em))}`);
      console.log(`  declaration (perParam ${spec.perParam}, constant ${spec.constant}): largest |I_u| - limit ${f4(over[worstOver])} on ${caseLabel(cases[worstOver])}`);
      for (const x of cases.map((c, i) => ({ c, i })).filter(({ i }) => Math.abs(iu[i]) > NULL_MAX_ABS_BITS)) {
        console.log(`    breaks 0.02: ${caseLabel(x.c)}: I_u ${f4(iu[x.i])}, r0 ${f4(r0[x.i])}, P / (2 n_train) ${f4(m[x.i])}, limit ${f4(nullLimit(spec, x.c, r0[x.i], iu[x.i] > 0))}`);
      }
      const w = await readings(spec.witnesses, name);
      spec.witnesses.forEach((c, i) => console.log(`  witness ${caseLabel(c)}: I_u ${f4(w[i])}, r0 ${f4(labelsOnlyBits(nullRows(c)))}, limit below 0 ${f4(nullLimit(spec, c, labelsOnlyBits(nullRows(c)), false))}`));
    }
  },
);
