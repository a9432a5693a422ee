/**
 * PROTOCOL.md is the registered protocol inside the repository: its tables must agree with the
 * code. Reads the run table (section 3), the probe epochs and the registered numbers (section 6)
 * and compares each with the constant it names.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIG2_MAX_DEPTH_RHO, FIG2A_MAX_COLOUR_BITS, FIG2A_MIN_DIRECTION_BITS, FIG2B, FIG2C, READOUT_AGREEMENT_SLACK } from "../src/claims/checkerboard.js";
import { PILOT_SEEDS } from "../src/claims/checkerboard-claims.js";
import { CIFAR_ARM_ALPHA, FIG3_MAX_EXCESS_BITS, FIG3_MIN_ACCURACY, FIG3_MIN_COARSE_BITS, FIG5B_MAX_EXCESS_BITS, FIG5B_MIN_COARSE_BITS, FORGET_MIN_DROP_BITS, NO_FORGET_MAX_DROP_BITS, NON_MINIMAL_MIN_EXCESS_BITS } from "../src/claims/cifar.js";
import { INVARIANCE_MAX_DIFF_BITS, LOWER_BOUND_SE_MULT, MAX_CONDITION, NULL_MAX_ABS_BITS, NULL_N, TIGHT_MAX_GAP_BITS, TIGHT_N } from "../src/claims/estimator-protocol.js";
import { CB_PROBE_EPOCHS, cbRunConfig, PAPER_SEEDS, type CbRunId } from "../src/experiments/cb-config.js";
import { LEARNED_ACCURACY } from "../src/experiments/cb-runner.js";
import { allPaperArms } from "../src/experiments/cifar-protocol.js";
import { FIG6_PRETRAIN_EPOCHS } from "../src/experiments/pretrain-protocol.js";
import { CB_DECODER_LR } from "../src/info/core/families.js";
import { WHITEN_RELATIVE_CUTOFF } from "../src/info/core/whiten.js";
import { DECODER_FAILURE_BITS } from "../src/interfaces.js";
import { REPO_ROOT } from "../src/runtime/files.js";

/** Every constant section 4 may name, with its value in code. */
const CONSTANTS: Record<string, number> = {
  DECODER_FAILURE_BITS,
  WHITEN_RELATIVE_CUTOFF,
  LEARNED_ACCURACY,
  "PAPER_SEEDS.length": PAPER_SEEDS.length,
  PILOT_SEEDS,
  FIG2A_MAX_COLOUR_BITS,
  FIG2A_MIN_DIRECTION_BITS,
  FIG2_MAX_DEPTH_RHO,
  "FIG2B.maxColourFraction": FIG2B.maxColourFraction,
  "FIG2B.minDirectionFraction": FIG2B.minDirectionFraction,
  "FIG2C.maxColourFraction": FIG2C.maxColourFraction,
  "FIG2C.minDirectionFraction": FIG2C.minDirectionFraction,
  FIG6_PRETRAIN_EPOCHS,
  READOUT_AGREEMENT_SLACK,
  FORGET_MIN_DROP_BITS,
  NO_FORGET_MAX_DROP_BITS,
  CIFAR_ARM_ALPHA,
  FIG3_MAX_EXCESS_BITS,
  FIG3_MIN_COARSE_BITS,
  FIG3_MIN_ACCURACY,
  NON_MINIMAL_MIN_EXCESS_BITS,
  FIG5B_MIN_COARSE_BITS,
  FIG5B_MAX_EXCESS_BITS,
  LOWER_BOUND_SE_MULT,
  TIGHT_MAX_GAP_BITS,
  TIGHT_N,
  NULL_MAX_ABS_BITS,
  NULL_N,
  INVARIANCE_MAX_DIFF_BITS,
  MAX_CONDITION,
  "CB_DECODER_LR.smallFc": CB_DECODER_LR.smallFc,
  "CB_DECODER_LR.mediumFc": CB_DECODER_LR.mediumFc,
};

const text = readFileSync(join(REPO_ROOT, "PROTOCOL.md"), "utf8");

/** The rows of the first Markdown table after `heading` whose header starts with `firstColumn`. */
function table(heading: string, firstColumn: string, doc = text): string[][] {
  const at = doc.indexOf(heading);
  if (at < 0) throw new Error(`PROTOCOL.md has no heading "${heading}"`);
  const lines = doc.slice(at).split("\n");
  const start = lines.findIndex((l) => l.startsWith(`| ${firstColumn} |`));
  if (start < 0) throw new Error(`PROTOCOL.md: no table with first column "${firstColumn}" after "${heading}"`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith("|")) break;
    rows.push(l.slice(1, -1).split("|").map((c) => c.trim()));
  }
  return rows;
}

/** Every way section 4 of `doc` departs from the code (empty: it agrees). */
function numberMismatches(doc: string): string[] {
  const rows = table("## 4. Registered numbers", "quantity", doc);
  const out: string[] = [];
  for (const [quantity, value, constant] of rows) {
    if (!(constant in CONSTANTS)) out.push(`PROTOCOL.md names ${constant} (${quantity}); add it to this test`);
    else if (CONSTANTS[constant] !== Number(value)) out.push(`${quantity}: PROTOCOL.md says ${value}, ${constant} is ${CONSTANTS[constant]}`);
  }
  const named = rows.map((r) => r[2]);
  for (const k of Object.keys(CONSTANTS)) if (!named.includes(k)) out.push(`${k} is not in PROTOCOL.md section 4`);
  return out;
}

describe("PROTOCOL.md agrees with the code", () => {
  it("every registered number (section 4) equals the constant it names, and every such constant is in the table", () => {
    expect(table("## 4. Registered numbers", "quantity").length).toBeGreaterThan(20);
    expect(numberMismatches(text)).toEqual([]);
  });

  it("a threshold changed on either side is caught", () => {
    const planted = text.replace("| 0.1 | FIG2A_MAX_COLOUR_BITS |", "| 0.15 | FIG2A_MAX_COLOUR_BITS |");
    expect(planted).not.toBe(text);
    expect(numberMismatches(planted)).toEqual(["fig2a: last-layer colour at most, bits: PROTOCOL.md says 0.15, FIG2A_MAX_COLOUR_BITS is 0.1"]);
    const dropped = text.replace(/\| [^|\n]+ \| 16 \| PAPER_SEEDS\.length \|\n/, "");
    expect(numberMismatches(dropped)).toEqual(["PAPER_SEEDS.length is not in PROTOCOL.md section 4"]);
  });

  it("the checkerboard run table (section 1) is the paper-scale config of every run", () => {
    const rows = table("### The task", "run");
    expect(rows.map((r) => r[0])).toEqual(["CB-2", "CB-10", "CB-20", "CB-25"]);
    for (const [run, net, n, samples, batch, lr, epochs] of rows) {
      const c = cbRunConfig(run as CbRunId, "paper");
      expect([c.net, c.n, c.samples, c.batchSize, c.lr, c.epochs], run).toEqual([net, Number(n), Number(samples), Number(batch), Number(lr), Number(epochs)]);
      expect(c.decoder.optimizer.lr, `${run} decoder lr`).toBe(net === "small-fc" ? CB_DECODER_LR.smallFc : CB_DECODER_LR.mediumFc);
      expect([c.decoder.epochs, c.decoder.batchSize, c.decoderTrainRows, c.decoderTestRows, c.decoder.dropout, c.decoder.hidden.join("-")], `${run} decoder`).toEqual([100, 32, 1250, 3750, 0.7, "128-64-32"]);
    }
  });

  it("the decoder rows of each family (section 0, train / test) are those of every run: CB 1250 / 3750, CIFAR 7500 / 2500", () => {
    const rows = table("## 0. The quantity", "family");
    const split = (family: string): [number, number] => {
      const row = rows.find((r) => r[0] === family);
      const m = row && /^(\d+) \/ (\d+) /.exec(row[8]);
      if (!m) throw new Error(`PROTOCOL.md section 0: no "train / test" rows for the ${family} family`);
      return [Number(m[1]), Number(m[2])];
    };
    expect(split("CB")).toEqual([1250, 3750]);
    expect(split("CIFAR")).toEqual([7500, 2500]);
    for (const run of ["CB-2", "CB-10", "CB-20", "CB-25"] as const) {
      for (const scale of run === "CB-2" || run === "CB-10" ? (["paper", "ci"] as const) : (["paper"] as const)) {
        const c = cbRunConfig(run, scale);
        expect([c.decoderTrainRows, c.decoderTestRows], `${run} ${scale}`).toEqual(split("CB"));
      }
    }
    const arms = allPaperArms();
    expect(arms.size).toBeGreaterThan(8);
    for (const [name, arm] of arms) expect([arm.decoderTrainImages, arm.decoderTestImages], name).toEqual(split("CIFAR"));
  });

  it("the probe epochs and seeds are the ones written there", () => {
    const m = /\*\*Probe epochs\*\* \*\(ours\)\*: ([\d, ]+) and the last epoch/.exec(text);
    expect(m, "probe epochs sentence").not.toBeNull();
    expect(m![1].split(",").map((x) => Number(x.trim()))).toEqual(CB_PROBE_EPOCHS);
    expect(text).toContain(`${PAPER_SEEDS.length} at paper scale, seeds 1 to ${PAPER_SEEDS.length}`);
    expect([...PAPER_SEEDS]).toEqual(Array.from({ length: PAPER_SEEDS.length }, (_, i) => i + 1));
  });

  it("has a dated amendment log", () => {
    expect(text).toMatch(/## 6\. Amendment log/);
    for (const date of ["2026-11-26", "2026-12-01", "2026-12-02"]) expect(text).toContain(`**${date}`);
  });

  it("the code cites the protocol inside the repository, not a document outside it (CLAIMS.md, DESIGN.md, STYLE.md live beside the project, not in a clone)", () => {
    const outside = /\b(CLAIMS|DESIGN|STYLE)\.md\b/;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(join(REPO_ROOT, dir))) {
        const rel = `${dir}/${name}`;
        if (statSync(join(REPO_ROOT, rel)).isDirectory()) walk(rel);
        else if (/\.(ts|mts|c|py|sh)$/.test(name) && rel !== "test/protocol.test.ts") {
          readFileSync(join(REPO_ROOT, rel), "utf8").split("\n").forEach((line, i) => {
            if (outside.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    for (const dir of ["src", "claims", "scripts", "test"]) walk(dir);
    expect(offenders).toEqual([]);
  });
});
