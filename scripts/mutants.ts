/**
 * `npm run mutants`: the suite must be able to fail. Each mutant is one small semantic change to
 * the code (a label swap, a wrong log base, a decoder scored on its training rows, ...), applied to
 * a scratch copy of the repository; the tests it should trip are run there, and the table says
 * which test killed it and how long that took. A mutant that survives is a hole in the suite.
 *
 *   npm run mutants [-- --only NAME[,NAME]] [--list]
 *
 * The scratch copy holds the tracked files (git ls-files) with node_modules linked; it and its
 * result cache live in a temporary folder that is removed at the end.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../src/runtime/files.js";
import { runScript, UsageError } from "./lib/cli.js";

export interface Mutant {
  name: string;
  /** What the mutation means. */
  what: string;
  file: string;
  /** Exact text to replace (must occur in the file). */
  find: string;
  replace: string;
  /** Test files (relative paths) that should kill it, run in one vitest call. */
  tests: string[];
  /** ci scale for claim specs. */
  env?: Record<string, string>;
}

const CI = { CLAIMS_SCALE: "ci" };

/** The battery: the issue's list, then ours. */
export const MUTANTS: Mutant[] = [
  {
    name: "colour-for-direction",
    what: "the CB runner feeds the colour labels to the direction decoders",
    file: "src/experiments/cb-runner.ts",
    find: 'const labels = label === "colour" ? trained.probeColour : trained.probeDirection;',
    replace: "const labels = trained.probeColour;",
    tests: ["claims/checkerboard/fig2b-cb10-colour-falls-with-depth.claim.ts"],
    env: CI,
  },
  {
    name: "wrong-log-base",
    what: "I_u uses the cross-entropy in nats instead of bits",
    file: "src/info/entropy.ts",
    find: "return nats / Math.LN2;",
    replace: "return nats;",
    tests: ["test/info/estimate.test.ts", "claims/estimator/units.claim.ts"],
    env: CI,
  },
  {
    name: "scored-on-train-rows",
    what: "the decoder is evaluated on its training rows",
    file: "src/info/decoder-fast.ts",
    find: "return trainWasmDecoder(task, cfg, onEpoch);",
    replace: "return trainWasmDecoder({ ...task, test: task.train }, cfg, onEpoch);",
    tests: ["test/info/decoder-fast.test.ts"],
  },
  {
    name: "dropout-as-keep-probability",
    what: "the dropout probability is read as the keep probability",
    file: "src/info/decoder-wasm.ts",
    find: "cfg.batchNorm ? 1 : 0, cfg.dropout, cfg.leakySlope,",
    replace: "cfg.batchNorm ? 1 : 0, cfg.dropout > 0 ? 1 - cfg.dropout : 0, cfg.leakySlope,",
    tests: ["test/info/decoder-fast.test.ts"],
  },
  {
    name: "probe-one-epoch-late",
    what: "probes are taken one epoch after the probe epoch",
    file: "src/training/train-cb-wasm.ts",
    find: "if (probeSet.has(epoch)) result.probes.push(probe(epoch));",
    replace: "if (probeSet.has(epoch - 1) || (epoch === total && probeSet.has(epoch))) result.probes.push(probe(epoch));",
    tests: ["test/training/train-cb.test.ts"],
  },
  {
    name: "pretraining-labels-not-switched",
    what: "pretraining trains on the direction instead of the colour",
    file: "src/training/train-cb-wasm.ts",
    find: "const trainLoss = k.net_epoch(t, nTrain, pretraining ? 0 : 1);",
    replace: "const trainLoss = k.net_epoch(t, nTrain, 1);",
    tests: ["test/training/train-cb.test.ts"],
  },
  {
    name: "clipping-before-the-mean-missing",
    what: "claim statistics use raw values (negative ones not clipped at 0)",
    file: "src/stats/clip.ts",
    find: "return Math.max(0, v);",
    replace: "return v;",
    tests: ["test/stats/clip.test.ts", "test/claims/cb-evaluation.test.ts"],
  },
  {
    name: "learned-seed-threshold-ignored",
    what: "every seed counts as learned",
    file: "src/claims/common.ts",
    find: "return results.filter((r) => r.learned);",
    replace: "return [...results];",
    tests: ["test/claims/cb-evaluation.test.ts"],
  },
  {
    name: "remainder-batch-kept",
    what: "decoders keep the 2-row remainder batch under batch-norm (the bug the amendment fixed)",
    file: "src/info/decoder-reference.ts",
    find: "if (rest > 0 && !batchNorm) sizes.push(rest);",
    replace: "if (rest > 0) sizes.push(rest);",
    tests: ["test/info/batch-plan.test.ts"],
  },
  {
    name: "ci-not-clipped-to-range",
    what: "confidence intervals are not intersected with the feasible range",
    file: "src/stats/predicates.ts",
    find: "  if (!range) return ci;",
    replace: "  return ci;",
    tests: ["test/stats/predicates.test.ts"],
  },
  {
    name: "welch-direction-flipped",
    what: "fig6's one-sided test asks whether P = 20 holds LESS colour",
    file: "src/stats/predicates.ts",
    find: 'const r = welchTTest(a, b, "greater", level);',
    replace: 'const r = welchTTest(a, b, "less", level);',
    tests: ["test/stats/predicates.test.ts", "test/claims/pretraining.test.ts"],
  },
  {
    name: "inconclusive-counted-as-reproduced",
    what: "a bound whose CI straddles the threshold counts as reproduced",
    file: "src/stats/predicates.ts",
    find: '      return hi <= t ? "reproduced" : lo > t ? "contradicted" : "inconclusive";',
    replace: '      return lo <= t ? "reproduced" : "contradicted";',
    tests: ["test/stats/predicates.test.ts"],
  },
  {
    name: "second-decoder-same-seed",
    what: "the sensitivity replicate reuses the registered decoder seed",
    file: "src/experiments/cb-runner.ts",
    find: 'deriveSeed(seed, "decoder", label, li + 1, snap.epoch, "replicate", replicate)',
    replace: 'deriveSeed(seed, "decoder", label, li + 1, snap.epoch)',
    tests: ["test/experiments/cb-runner.test.ts"],
  },
  {
    name: "collapse-never-flagged",
    what: "the collapse flag is never raised",
    file: "src/claims/flags.ts",
    find: "if (collapsed.has(p)) f.push(\"collapse\");",
    replace: "",
    tests: ["test/claims/cb-evaluation.test.ts"],
  },
  {
    name: "known-failure-accepts-anything",
    what: "a pinned known failure passes whatever the claim measures",
    file: "src/claims/known-failures.ts",
    find: "  return out;\n}",
    replace: "  return [];\n}",
    tests: ["test/claims/known-failures.test.ts"],
  },
  // Issue 21: conventions that only agreement with PyTorch on identical weights can catch
  // (test/training/torch-agreement*.test.ts against fixtures/torch-reference/reference.json).
  {
    name: "momentum-convention",
    what: "SGD momentum in the Sutskever/TensorFlow convention (v = mu v + lr g; w -= v), not PyTorch's (v = mu v + g; w -= lr v)",
    file: "src/training/sgd-momentum.ts",
    find: "        const nb = tf.add(tf.mul(b, this.momentum), gd);\n        b.assign(nb);\n        variable.assign(tf.sub(variable, tf.mul(nb, this.lr)));",
    replace: "        const nb = tf.add(tf.mul(b, this.momentum), tf.mul(gd, this.lr));\n        b.assign(nb);\n        variable.assign(tf.sub(variable, nb));",
    tests: ["test/training/torch-agreement-allcnn.test.ts"],
  },
  {
    name: "decay-on-weights-only",
    what: "weight decay only on conv and linear weights (batch-norm scale and shift and biases exempt), not on every parameter as PyTorch's SGD does",
    file: "src/training/sgd-momentum.ts",
    find: "const gd = this.weightDecay > 0 ? tf.add(g, tf.mul(variable, this.weightDecay)) : g;",
    replace: 'const gd = this.weightDecay > 0 && name.endsWith(".w") ? tf.add(g, tf.mul(variable, this.weightDecay)) : g;',
    tests: ["test/training/torch-agreement-allcnn.test.ts"],
  },
  {
    name: "adamw-decay",
    what: "the decoder's Adam decays weights the AdamW way (decoupled, w -= lr wd w) instead of adding wd w to the gradient",
    file: "src/info/decoder-reference.ts",
    find: "    const gi = g[i] + wd * p[i];",
    replace: "    p[i] -= lr * wd * p[i];\n    const gi = g[i];",
    tests: ["test/training/torch-agreement.test.ts"],
  },
  {
    name: "schedule-one-epoch-off",
    what: "epoch e runs at lr0 * 0.97^e instead of lr0 * 0.97^(e-1)",
    file: "src/training/cifar-config.ts",
    find: "return cfg.lr0 * Math.pow(cfg.lrDecay, epoch - 1);",
    replace: "return cfg.lr0 * Math.pow(cfg.lrDecay, epoch);",
    tests: ["test/training/torch-agreement-allcnn.test.ts"],
  },
  {
    name: "post-activation-block",
    what: "ResNet-18's blocks apply a ReLU after the residual sum, as post-activation blocks do",
    file: "src/models/resnet18.ts",
    find: "h = tf.add(out2, shortcut);",
    replace: "h = tf.relu(tf.add(out2, shortcut));",
    tests: ["test/training/torch-agreement-resnet18.test.ts"],
  },
  {
    name: "head-switch-a-step-late",
    what: "fig5c: the first step after the pretraining epochs still trains the fine head on the fine labels",
    file: "src/training/cifar-trainer.ts",
    find: "        const { loss, correct: ok } = await cifarTrainStep(net, optimizer, vars, x, y, classes, label);",
    replace:
      '        const late = cfg.pretrainFineEpochs > 0 && epoch === cfg.pretrainFineEpochs + 1 && step === 1;\n' +
      '        const fine = labelsOf(data.train, "fine");\n' +
      "        const { loss, correct: ok } = late\n" +
      '          ? await cifarTrainStep(net, optimizer, net.trainableFor("fine"), x, gatherLabels(fine.labels, idx), fine.classes, "fine")\n' +
      "          : await cifarTrainStep(net, optimizer, vars, x, y, classes, label);",
    tests: ["test/training/torch-agreement-fig5c.test.ts"],
  },
];

interface Outcome {
  mutant: Mutant;
  killed: boolean;
  by: string;
  seconds: number;
}

/** The first failing test named in vitest's output, or the reason the run failed. */
function killer(out: string): string {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, "");
  const fail = clean.split("\n").find((l) => /^\s*(FAIL|×)\s/.test(l.trim()) || /^ FAIL /.test(l));
  if (fail) return fail.replace(/^\s*(FAIL|×)\s+/, "").trim().slice(0, 140);
  const err = clean.split("\n").find((l) => /Error/.test(l));
  return err ? err.trim().slice(0, 140) : "failed (see output)";
}

await runScript({ usage: "npm run mutants [-- --only NAME[,NAME]] [--list]", options: { only: { type: "string" }, list: { type: "boolean" } } }, async ({ values }) => {
  if (values.list) {
    for (const m of MUTANTS) console.log(`${m.name}: ${m.what} (${m.file}; killed by ${m.tests.join(", ")})`);
    return;
  }
  const only = values.only?.split(",");
  const chosen = only ? MUTANTS.filter((m) => only.includes(m.name)) : MUTANTS;
  if (only && chosen.length !== only.length) throw new UsageError(`unknown mutant in --only: ${only.filter((n) => !MUTANTS.some((m) => m.name === n)).join(", ")}`);
  const tmp = mkdtempSync(join(tmpdir(), "mutants-"));
  const repo = join(tmp, "repo");
  try {
    const files = spawnSync("git", ["ls-files"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    for (const f of files) {
      const from = join(REPO_ROOT, f);
      if (!existsSync(from)) continue;
      mkdirSync(dirname(join(repo, f)), { recursive: true });
      cpSync(from, join(repo, f));
    }
    symlinkSync(join(REPO_ROOT, "node_modules"), join(repo, "node_modules"));
    const outcomes: Outcome[] = [];
    for (const m of chosen) {
      const path = join(repo, m.file);
      const original = readFileSync(path, "utf8");
      if (!original.includes(m.find)) throw new Error(`mutant ${m.name}: the text to replace is no longer in ${m.file}; update scripts/mutants.ts`);
      writeFileSync(path, original.replace(m.find, m.replace));
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(repo, "node_modules", "vitest", "vitest.mjs"), "run", ...m.tests], {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, ...m.env, CLAIMS_CACHE_DIR: join(tmp, "cache"), CLAIMS_REPORT_DIR: join(tmp, "reports") },
        timeout: 15 * 60_000,
      });
      const seconds = (performance.now() - t0) / 1000;
      writeFileSync(path, original);
      const killed = r.status !== 0;
      const o = { mutant: m, killed, by: killed ? killer(`${r.stdout}\n${r.stderr}`) : "SURVIVED", seconds };
      outcomes.push(o);
      process.stderr.write(`${m.name}: ${killed ? "killed" : "SURVIVED"} in ${seconds.toFixed(0)} s\n`);
    }
    console.log("\n| mutant | what it changes | killed by | time |\n|---|---|---|---|");
    for (const o of outcomes) console.log(`| ${o.mutant.name} | ${o.mutant.what} | ${o.by.replace(/\|/g, "/")} | ${o.seconds.toFixed(0)} s |`);
    const survivors = outcomes.filter((o) => !o.killed);
    console.log(`\n${outcomes.length - survivors.length} of ${outcomes.length} mutants killed${survivors.length ? `; SURVIVED: ${survivors.map((o) => o.mutant.name).join(", ")}` : ""}`);
    if (survivors.length) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (process.exitCode) throw new Error("some mutants survived");
});
