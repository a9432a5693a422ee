/**
 * Imports only go down. The folders of src/ form layers, lowest first:
 *
 *   0  runtime, gpu            backends, files, randomness, workers; GPU loading beside them
 *   1  data, models, stats, info   data sets, networks, statistics, the estimator (one level: they may use each other)
 *   2  training                trainers and their run configs
 *   3  experiments             runners, protocols, the result cache
 *   4  claims                  claim rules over experiment results
 *   5  report                  the claims' report
 *
 * A module may import from its own layer and the layers below, never from above (static, dynamic
 * and type-only imports, worker modules named by path, C #includes). src/interfaces.ts and
 * src/claim-interfaces.ts are contracts: anyone may import them, and they import only each other.
 * A new folder fails the test until it is given a layer here.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sourceDependencies } from "../src/experiments/cache.js";
import { REPO_ROOT } from "../src/runtime/files.js";

/** Layer of each folder of src/ (see the module comment). */
const LAYERS: Record<string, number> = { runtime: 0, gpu: 0, data: 1, models: 1, stats: 1, info: 1, training: 2, experiments: 3, claims: 4, report: 5 };
const CONTRACTS = ["interfaces.ts", "claim-interfaces.ts"];

/**
 * Upward imports that exist today and are owned elsewhere, each with its reason; the test also
 * fails when one disappears, so that the exception is removed with it.
 */
const KNOWN_EXCEPTIONS: { from: string; to: string; why: string }[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|c|h)$/.test(name) ? [p] : [];
  });
}

/** "layer of folder" for a file under src, or null for a contract; throws for a file outside any layer. */
function layerOf(src: string, file: string): { folder: string; layer: number } | null {
  const rel = relative(src, file).split("\\").join("/");
  if (CONTRACTS.includes(rel)) return null;
  const folder = rel.split("/")[0];
  if (!(folder in LAYERS) || !rel.includes("/")) throw new Error(`src/${rel}: not in a layer; add its folder to LAYERS in test/layering.test.ts (and the README's layout)`);
  return { folder, layer: LAYERS[folder] };
}

/** Every import of a src/ tree that goes up a layer (or out of a contract), as "from -> to (why)". */
function layeringViolations(root: string): string[] {
  const src = join(root, "src");
  const out: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = layerOf(src, file);
    for (const dep of sourceDependencies(file)) {
      if (!dep.startsWith(src + "/")) continue;
      const to = layerOf(src, dep);
      const name = (f: string) => relative(root, f).split("\\").join("/");
      if (from === null) {
        if (to !== null) out.push(`${name(file)} -> ${name(dep)} (a contract imports ${to.folder}/; contracts import only contracts)`);
      } else if (to !== null && to.layer > from.layer) {
        out.push(`${name(file)} -> ${name(dep)} (${from.folder}/, layer ${from.layer}, imports from ${to.folder}/, layer ${to.layer}, above it)`);
      }
    }
  }
  return out.sort();
}

const planted = mkdtempSync(join(tmpdir(), "layering-"));
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(join(planted, "tree-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe("layering of src/", () => {
  it("every folder of src/ has a layer", () => {
    const folders = readdirSync(join(REPO_ROOT, "src")).filter((f) => statSync(join(REPO_ROOT, "src", f)).isDirectory());
    expect(folders.filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it("no module imports from a layer above its own (beyond the listed exceptions, which still exist)", () => {
    const found = layeringViolations(REPO_ROOT);
    const excepted = (v: string) => KNOWN_EXCEPTIONS.some((e) => v.startsWith(`${e.from} -> ${e.to} `));
    expect(found.filter((v) => !excepted(v))).toEqual([]);
    for (const e of KNOWN_EXCEPTIONS) expect(found.some((v) => v.startsWith(`${e.from} -> ${e.to} `)), `exception ${e.from} -> ${e.to} is gone: remove it from KNOWN_EXCEPTIONS`).toBe(true);
  });

  it("fails on planted upward imports: static, type-only, dynamic, a worker path, from a contract", () => {
    const root = plant({
      "src/interfaces.ts": 'import type { X } from "./runtime/clock.js";\nexport type Y = X;\n',
      "src/runtime/clock.ts": 'import { run } from "../experiments/runner.js";\nexport type X = number;\nexport const now = () => run;\n',
      "src/info/estimate.ts": 'import type { Cfg } from "../training/config.js";\nimport { now } from "../runtime/clock.js";\nexport const f = async (c: Cfg) => (await import("../report/write.js")).w(c, now);\n',
      "src/training/config.ts": 'export type Cfg = { lr: number };\nexport const worker = new URL("../experiments/worker.ts", import.meta.url);\n',
      "src/experiments/worker.ts": "export {};\n",
      "src/experiments/runner.ts": 'import { f } from "../info/estimate.js";\nexport const run = f;\n',
      "src/report/write.ts": "export const w = (..._a: unknown[]) => 0;\n",
    });
    expect(layeringViolations(root)).toEqual([
      "src/info/estimate.ts -> src/report/write.ts (info/, layer 1, imports from report/, layer 5, above it)",
      "src/info/estimate.ts -> src/training/config.ts (info/, layer 1, imports from training/, layer 2, above it)",
      "src/interfaces.ts -> src/runtime/clock.ts (a contract imports runtime/; contracts import only contracts)",
      "src/runtime/clock.ts -> src/experiments/runner.ts (runtime/, layer 0, imports from experiments/, layer 3, above it)",
      "src/training/config.ts -> src/experiments/worker.ts (training/, layer 2, imports from experiments/, layer 3, above it)",
    ]);
  });

  it("a file outside any layer is named", () => {
    const root = plant({ "src/utils/x.ts": "export {};\n" });
    expect(() => layeringViolations(root)).toThrow(/src\/utils\/x\.ts: not in a layer; add its folder to LAYERS/);
  });
});
