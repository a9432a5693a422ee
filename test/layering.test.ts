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
 *
 * Inside a folder with rooms (ROOMS: the estimator's info/, the verdict engine and claim rules of
 * stats/), a module may import from its own room and the rooms it is allowed, never from the
 * others: the estimator's parts do not know the estimator, the decoder backends do not know the
 * estimator that picks them, nothing but the self-checks knows the self-checks, and the verdict
 * engine does not know the claim rules. A new file fails the test until it is given a room.
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
 * Rooms of a folder: a file's room is the entry with the longest matching path (relative to the
 * folder: a file, a folder ending in "/", or "" for the rest), and it may import only from its
 * own room and the rooms in `uses`. Imports between folders follow LAYERS.
 */
const ROOMS: Record<string, { room: string; paths: string[]; uses: string[] }[]> = {
  info: [
    // The estimator's parts: decoder families, entropy, row split, whitening and standardising.
    { room: "core", paths: ["core/"], uses: [] },
    // The decoder backends behind one interface (decoders/interface.ts, looked up by name in backends.ts).
    { room: "decoders", paths: ["decoders/"], uses: ["core"] },
    // The estimator, which picks a backend from the decoders' table.
    { room: "estimate", paths: ["core/estimate.ts"], uses: ["core", "decoders"] },
    // Analytic channels with known I (its entropy formulas from core).
    { room: "channels", paths: ["channels/"], uses: ["core"] },
    // The estimator's self-checks: accuracy table, battery, regression, snapshot format.
    { room: "checks", paths: ["checks/"], uses: ["core", "estimate", "channels"] },
    // The public entry (package.json "exports": dist/info/index.js).
    { room: "entry", paths: ["index.ts", "api.ts"], uses: ["core", "estimate", "decoders"] },
  ],
  stats: [
    // Descriptive statistics, distributions, tests, clipping, PCA.
    { room: "statistics", paths: [""], uses: [] },
    // The verdict engine: outcomes of an interval against a bound, messages, combining a claim's parts.
    { room: "verdict", paths: ["verdict.ts"], uses: ["statistics"] },
    // The claim rules, judged by the engine.
    { room: "rules", paths: ["rules.ts"], uses: ["statistics", "verdict"] },
    { room: "entry", paths: ["index.ts"], uses: ["statistics", "verdict", "rules"] },
  ],
};

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

/** Folder, layer and path inside the folder of a file under src, or null for a contract; throws for a file outside any layer. */
function layerOf(src: string, file: string): { folder: string; layer: number; inFolder: string } | null {
  const rel = relative(src, file).split("\\").join("/");
  if (CONTRACTS.includes(rel)) return null;
  const folder = rel.split("/")[0];
  if (!(folder in LAYERS) || !rel.includes("/")) throw new Error(`src/${rel}: not in a layer; add its folder to LAYERS in test/layering.test.ts (and the README's layout)`);
  return { folder, layer: LAYERS[folder], inFolder: rel.slice(folder.length + 1) };
}

/** The room (ROOMS) of a file at `inFolder` inside `folder`: the longest matching path wins; throws for a file in no room. */
function roomOf(folder: string, inFolder: string): { room: string; uses: string[] } {
  let best: { room: string; uses: string[] } | null = null;
  let bestLength = -1;
  for (const r of ROOMS[folder]) {
    for (const p of r.paths) {
      const hit = p === inFolder || ((p === "" || p.endsWith("/")) && inFolder.startsWith(p));
      if (hit && p.length > bestLength) [best, bestLength] = [r, p.length];
    }
  }
  if (!best) throw new Error(`src/${folder}/${inFolder}: not in a room; add it to ROOMS.${folder} in test/layering.test.ts (and the README's layout)`);
  return best;
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
      } else if (to !== null && to.folder === from.folder && from.folder in ROOMS) {
        const a = roomOf(from.folder, from.inFolder);
        const b = roomOf(to.folder, to.inFolder);
        if (a.room !== b.room && !a.uses.includes(b.room)) {
          out.push(`${name(file)} -> ${name(dep)} (${from.folder}/ room ${a.room} imports from room ${b.room}; it may use ${a.uses.length ? a.uses.join(", ") : "no other room"})`);
        }
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

  it("every file of a folder with rooms has a room", () => {
    const src = join(REPO_ROOT, "src");
    const roomless = Object.keys(ROOMS).flatMap((folder) =>
      sourceFiles(join(src, folder)).flatMap((f) => {
        try {
          roomOf(folder, relative(join(src, folder), f).split("\\").join("/"));
          return [];
        } catch (e) {
          return [(e as Error).message];
        }
      }),
    );
    expect(roomless).toEqual([]);
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
      "src/info/core/estimate.ts": 'import type { Cfg } from "../../training/config.js";\nimport { now } from "../../runtime/clock.js";\nexport const f = async (c: Cfg) => (await import("../../report/write.js")).w(c, now);\n',
      "src/training/config.ts": 'export type Cfg = { lr: number };\nexport const worker = new URL("../experiments/worker.ts", import.meta.url);\n',
      "src/experiments/worker.ts": "export {};\n",
      "src/experiments/runner.ts": 'import { f } from "../info/core/estimate.js";\nexport const run = f;\n',
      "src/report/write.ts": "export const w = (..._a: unknown[]) => 0;\n",
    });
    expect(layeringViolations(root)).toEqual([
      "src/info/core/estimate.ts -> src/report/write.ts (info/, layer 1, imports from report/, layer 5, above it)",
      "src/info/core/estimate.ts -> src/training/config.ts (info/, layer 1, imports from training/, layer 2, above it)",
      "src/interfaces.ts -> src/runtime/clock.ts (a contract imports runtime/; contracts import only contracts)",
      "src/runtime/clock.ts -> src/experiments/runner.ts (runtime/, layer 0, imports from experiments/, layer 3, above it)",
      "src/training/config.ts -> src/experiments/worker.ts (training/, layer 2, imports from experiments/, layer 3, above it)",
    ]);
  });

  it("fails on planted imports between rooms: the estimator's parts, backends or channels on the estimator or its checks, the verdict engine on the rules", () => {
    const root = plant({
      "src/info/core/families.ts": "export const ADAM = 0.9;\n",
      "src/info/core/whiten.ts": 'import { runBattery } from "../checks/battery.js";\nexport const w = runBattery;\n',
      "src/info/core/estimate.ts": 'import { DECODER_BACKENDS } from "../decoders/backends.js";\nimport { ADAM } from "./families.js";\nexport const e = [DECODER_BACKENDS, ADAM];\n',
      "src/info/decoders/backends.ts": 'import { ADAM } from "../core/families.js";\nimport type { e } from "../core/estimate.js";\nexport const DECODER_BACKENDS = [ADAM];\nexport type E = typeof e;\n',
      "src/info/channels/index.ts": 'export const c = async () => (await import("../core/estimate.js")).e;\n',
      "src/info/checks/battery.ts": 'import { e } from "../core/estimate.js";\nimport { c } from "../channels/index.js";\nexport const runBattery = [e, c];\n',
      "src/info/index.ts": 'export { e } from "./core/estimate.js";\n',
      "src/stats/descriptive.ts": "export const mean = 0;\n",
      "src/stats/verdict.ts": 'import { mean } from "./descriptive.js";\nimport { atMost } from "./rules.js";\nexport const v = [mean, atMost];\n',
      "src/stats/rules.ts": 'import { v } from "./verdict.js";\nexport const atMost = v;\n',
    });
    expect(layeringViolations(root)).toEqual([
      "src/info/channels/index.ts -> src/info/core/estimate.ts (info/ room channels imports from room estimate; it may use core)",
      "src/info/core/whiten.ts -> src/info/checks/battery.ts (info/ room core imports from room checks; it may use no other room)",
      "src/info/decoders/backends.ts -> src/info/core/estimate.ts (info/ room decoders imports from room estimate; it may use core)",
      "src/stats/verdict.ts -> src/stats/rules.ts (stats/ room verdict imports from room rules; it may use statistics)",
    ]);
  });

  it("a file outside any room of a folder with rooms is named", () => {
    const root = plant({ "src/info/core/families.ts": "export const ADAM = 0.9;\n", "src/info/helpers.ts": 'import { ADAM } from "./core/families.js";\nexport const h = ADAM;\n' });
    expect(() => layeringViolations(root)).toThrow(/src\/info\/helpers\.ts: not in a room; add it to ROOMS\.info/);
  });

  it("a file outside any layer is named", () => {
    const root = plant({ "src/utils/x.ts": "export {};\n" });
    expect(() => layeringViolations(root)).toThrow(/src\/utils\/x\.ts: not in a layer; add its folder to LAYERS/);
  });
});
