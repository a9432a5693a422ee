/**
 * The three readings of Z (PROTOCOL.md section 0, amended 2026-12-02), the seeds-9-16 verdict
 * (section 1) and decisive negative controls (section 1), on planted seed results.
 */
import { describe, expect, it } from "vitest";
import { evaluateFig2bc, FIG2B } from "../../src/claims/checkerboard.js";
import { buildClaim, CB_CLAIMS, CB_CONTROLS, controlDecisive, controlFailures, PILOT_SEEDS, type CbClaimContext } from "../../src/claims/checkerboard-claims.js";
import type { CbRunId, CbRunOptions } from "../../src/experiments/cb-config.js";
import type { CbSeedResult } from "../../src/experiments/cb-runner.js";
import { summaryRow } from "../../src/report/summary.js";
import { readingsTable } from "../../src/report/text.js";
import { planted, type Planted } from "./planted.js";

const paper = { scale: "paper" as const, backend: "planted" };
const cb10 = (seed: number, lastColour: number, readings?: Planted["readings"]): Planted => ({
  seed,
  colour: [3.2, 2.5, 1.5, lastColour + seed * 0.002],
  direction: [2.5, 3.0, 3.2, 3.31],
  ...(readings ? { readings } : {}),
});

describe("readings: every rule judged on whitened, raw and standardised Z", () => {
  it("a verdict that differs under a sensitivity reading is reading-dependent, and the report shows the three side by side", () => {
    // Whitened last-layer colour 0.6 > 0.332 (contradicted); raw 0.1 (reproduced); standardised 0.6 - 0.2 = 0.4 (contradicted).
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [1, 2, 3, 4].map((s) => cb10(s, 0.6, { raw: -0.5, standardised: -0.2 }))), paper);
    expect(r.status).toBe("contradicted");
    expect(r.readings).toEqual({ registered: "whitened", status: "contradicted", raw: "reproduced", standardised: "contradicted", dependent: true });
    const colour = r.checks.find((c) => c.rule === "last-layer-colour")!;
    expect(colour.statistic).toBeCloseTo(0.605, 3);
    expect(colour.readings!.raw!.outcome).toBe("reproduced");
    expect(colour.readings!.raw!.statistic).toBeCloseTo(0.105, 3);
    expect(colour.readings!.standardised!.statistic).toBeCloseTo(0.405, 3);
    const row = summaryRow(r);
    expect(row.verdict).toMatch(/reading-dependent \(raw: reproduced, standardised: contradicted\)/);
    const t = readingsTable(r)!;
    expect(t.columns).toEqual(["rule", "bound", "whitened (registered)", "raw", "standardised"]);
    expect(t.rows.find((x) => x[0] === "last-layer-colour")!.slice(2)).toEqual([expect.stringMatching(/^contradicted 0\.605/), expect.stringMatching(/^reproduced 0\.105/), expect.stringMatching(/^contradicted 0\.405/)]);
    expect(t.title).toMatch(/READING-DEPENDENT/);
  });

  it("the same verdict under every reading is not reading-dependent", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [1, 2, 3, 4].map((s) => cb10(s, 0.6, { raw: 0.05, standardised: -0.01 }))), paper);
    expect(r.readings).toMatchObject({ status: "contradicted", raw: "contradicted", standardised: "contradicted", dependent: false });
    expect(summaryRow(r).verdict).not.toMatch(/reading-dependent/);
  });

  it("seed-runs measured before the amendment read raw Z: that is their registered reading, and they have no standardised one", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [1, 2, 3, 4].map((s) => cb10(s, 0.1))), paper);
    expect(r.status).toBe("reproduced");
    expect(r.readings).toEqual({ registered: "raw", status: "reproduced", raw: "reproduced", standardised: null, dependent: false });
    expect(readingsTable(r)!.columns[2]).toBe("raw");
  });
});

function source(byRun: (run: CbRunId, opts: CbRunOptions) => CbSeedResult[]): CbClaimContext["source"] {
  return async (run, opts) => byRun(run, opts);
}

describe("seeds 9-16 alone (the pilot had seeds 1-8)", () => {
  const fig2b = CB_CLAIMS.find((d) => d.id === "fig2b")!;

  it("a paper claim with 16 seeds also carries its verdict on the seeds after the pilot", async () => {
    // Seeds 1-8 keep 0.1 bit of colour, seeds 9-16 keep 0.6: reproduced on 1-8, contradicted on 9-16.
    const seeds = Array.from({ length: 16 }, (_, i) => cb10(i + 1, i < PILOT_SEEDS ? 0.1 : 0.6));
    const [b] = await buildClaim(fig2b, { ...paper, source: source(() => planted("CB-10", seeds)) });
    expect(b.record.subsets).toHaveLength(1);
    const s = b.record.subsets![0];
    expect(s.name).toBe("seeds 9-16 alone");
    expect(s.seeds).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(s.status).toBe("contradicted");
    expect(s.keyText).toMatch(/^last-layer-colour 0\.6/);
    expect(summaryRow(b.record).subset).toEqual({ name: "seeds 9-16 alone", status: "contradicted" });
  });

  it("no subset when the runs have only the pilot's seeds", async () => {
    const [b] = await buildClaim(fig2b, { ...paper, source: source(() => planted("CB-10", [1, 2, 3, 4].map((s) => cb10(s, 0.1)))) });
    expect(b.record.subsets).toBeUndefined();
  });
});

describe("negative controls must decide at paper scale (PROTOCOL.md section 1, amended 2026-12-02)", () => {
  const swap = CB_CONTROLS.find((d) => d.id === "control-fig6")!;
  /** fig6 arms: P=0 last-layer colour `base`, P=20 `pre`, per seed (CB-2 and CB-10 alike). */
  function fig6Source(base: (s: number) => number, pre: (s: number) => number, n: number): CbClaimContext["source"] {
    return source((run, opts) => {
      const p = opts.pretrainEpochs ?? 0;
      const layers = run === "CB-2" ? 5 : 4;
      return planted(
        run,
        Array.from({ length: n }, (_, i) => {
          const c = p === 0 ? base(i + 1) : pre(i + 1);
          return { seed: i + 1, colour: Array.from({ length: layers }, (_, j) => (j === layers - 1 ? c : 0.9)), direction: Array.from({ length: layers }, () => (run === "CB-2" ? 0.99 : 3.3)) };
        }),
      );
    });
  }

  it("the arms swapped: the one-sided test is contradicted, so the control works and decides", async () => {
    const built = await swap.build({ ...paper, source: fig6Source((s) => 0.1 + 0.01 * s, (s) => 0.6 + 0.01 * s, 8) });
    const swapped = built.find((b) => b.record.id === "control-fig6-arms-swapped")!;
    expect(swapped.record.checks.find((c) => c.rule === "CB-2-pretrained-exceeds-base")!.outcome).toBe("contradicted");
    expect(controlDecisive(swapped)).toBe(true);
    expect(controlFailures(swapped)).toEqual([]);
  });

  it("a control its rules leave inconclusive fails at paper scale as not decisive, and at ci scale says why in its record", async () => {
    // No effect between the arms: the swapped test is inconclusive, never contradicted.
    const noise = (s: number) => 0.3 + (s % 3) * 0.05;
    const atPaper = (await swap.build({ ...paper, source: fig6Source(noise, noise, 8) })).find((b) => b.record.id === "control-fig6-arms-swapped")!;
    expect(atPaper.record.checks.find((c) => c.rule === "CB-2-pretrained-exceeds-base")!.outcome).toBe("inconclusive");
    expect(controlDecisive(atPaper)).toBe(false);
    expect(controlFailures(atPaper).join("\n")).toMatch(/control not decisive: none of CB-2-pretrained-exceeds-base, CB-10-pretrained-exceeds-base contradicts it/);
    const atCi = (await swap.build({ scale: "ci", backend: "planted", source: fig6Source(noise, noise, 8) })).find((b) => b.record.id === "control-fig6-arms-swapped")!;
    expect(controlFailures(atCi)).toEqual([]);
    expect(atCi.record.scaleNote).toMatch(/control not decisive at ci scale \(CB-2-pretrained-exceeds-base inconclusive/);
  });

  it("a rule that accepts its control fails it at every scale", async () => {
    // The arms swapped where P=0 holds more colour than P=20: the swapped test is reproduced.
    const built = await swap.build({ ...paper, source: fig6Source((s) => 0.6 + 0.01 * s, (s) => 0.1 + 0.01 * s, 8) });
    const swapped = built.find((b) => b.record.id === "control-fig6-arms-swapped")!;
    expect(controlFailures(swapped).join("\n")).toMatch(/rule CB-2-pretrained-exceeds-base is reproduced on the control/);
  });
});
