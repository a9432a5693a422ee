import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalJson, REPO_ROOT, writeFileAtomic } from "../../src/runtime/files.js";
import { codeVersion, configKey, encodeCacheEntry, ResultCache, STALE_TMP_MS } from "../../src/experiments/cache.js";
import { cbResultCache } from "../../src/experiments/cb-result-schema.js";
import { planted } from "../claims/planted.js";

const dir = mkdtempSync(join(tmpdir(), "claims-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh cache folder per test, and a log that records its lines. */
function fresh(name: string): { root: string; lines: string[]; log: (l: string) => void } {
  const root = join(dir, name);
  const lines: string[] = [];
  return { root, lines, log: (l) => lines.push(l) };
}

/** Every file under a folder, relative (to show that nothing stray is left). */
function filesUnder(root: string): string[] {
  return existsSync(root) ? (readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(root.length + 1)).sort()) : [];
}

const cbResult = () => planted("CB-2", [{ seed: 1, colour: [0.9, 0.8, 0.5, 0.2, 0.05], direction: [0.2, 0.5, 0.8, 0.9, 1] }])[0];

describe("result cache", () => {
  it("keys configs by content and code version, independent of key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(configKey({ a: 1, b: 2 }, "v1")).toBe(configKey({ b: 2, a: 1 }, "v1"));
    expect(configKey({ a: 1 }, "v1")).not.toBe(configKey({ a: 2 }, "v1"));
    expect(configKey({ a: 1 }, "v1")).not.toBe(configKey({ a: 1 }, "v2"));
    expect(codeVersion()).toMatch(/^[0-9a-f]{16}$/);
  });

  it("misses, then hits after a put, per seed", () => {
    const cache = new ResultCache<{ v: number }>("t", dir);
    expect(cache.get("k", 1)).toBeNull();
    cache.put("k", 1, { v: 42 });
    expect(cache.get("k", 1)).toEqual({ v: 42 });
    expect(cache.lookup("k", 1)).toMatchObject({ path: cache.path("k", 1), checksum: "verified" });
    expect(cache.get("k", 2)).toBeNull();
    expect(cache.get("other", 1)).toBeNull();
  });

  it("writes atomically and leaves no temp file behind", () => {
    const p = join(dir, "atomic", "x.json");
    writeFileAtomic(p, "{}");
    writeFileAtomic(p, '{"a":1}');
    expect(readdirSync(join(dir, "atomic"))).toEqual(["x.json"]);
  });
});

describe("a bad entry names its file, says to delete it, and is never used", () => {
  const { root } = fresh("bad");
  const cache = cbResultCache(root);

  it("not JSON", () => {
    writeFileAtomic(cache.path("k", 3), "{not json");
    expect(() => cache.get("k", 3)).toThrow(/cache entry .*seed-3\.json: not valid JSON .*it is not used: delete it to recompute \(rm '.*seed-3\.json'\)/);
  });

  it("valid JSON of the wrong kind ({}), and an older file without checksum", () => {
    writeFileAtomic(cache.path("k", 4), "{}");
    expect(() => cache.get("k", 4)).toThrow(/cache entry .*seed-4\.json: not a cache entry of format usable-info-claims\/result\/2 \(no envelope with a checksum\).*delete it/);
    writeFileAtomic(cache.path("k", 5), JSON.stringify(cbResult()));
    expect(() => cache.get("k", 5)).toThrow(/seed-5\.json: not a cache entry of format/);
  });

  it("a checksummed value of the wrong shape fails the schema, naming the fields", () => {
    const { info: _info, ...noInfo } = cbResult();
    writeFileAtomic(cache.path("k", 6), encodeCacheEntry({ ...noInfo, seed: "one", config: { ...noInfo.config, lr: Number.NaN } }));
    expect(() => cache.get("k", 6)).toThrow(/seed-6\.json: does not fit the result schema: config: invalid checkerboard config: lr = null .*; seed: expected an integer, got "one"; info: missing; it is not used/);
    expect(() => cache.put("k", 7, { ...cbResult(), learned: "yes" } as never)).toThrow(/refusing to cache a value that does not fit the result schema .*learned: expected true or false, got "yes"/);
    expect(existsSync(cache.path("k", 7))).toBe(false);
  });

  it("a tampered value (bits: 99) fails the checksum", () => {
    const r = cbResult();
    cache.put("k", 1, r);
    expect(cache.get("k", 1)).toEqual(r);
    const p = cache.path("k", 1);
    const text = readFileSync(p, "utf8");
    const tampered = text.replace(`"bits":${r.info[0].bits}`, '"bits":99');
    expect(tampered).not.toBe(text);
    writeFileSync(p, tampered);
    expect(() => cache.get("k", 1)).toThrow(/seed-1\.json: checksum mismatch: the value was changed after it was written \(edited or corrupted\); it is not used: delete it/);
  });
});

describe("temporary files and locks", () => {
  it("put and getOrCompute remove abandoned temporary files (older than STALE_TMP_MS) and keep fresh ones", async () => {
    const { root, lines, log } = fresh("tmp");
    const cache = new ResultCache<{ v: number }>("t", root, { log });
    const folder = join(root, "t", "k");
    mkdirSync(folder, { recursive: true });
    const old = join(folder, "seed-1.json.4242.1.0.tmp");
    const young = join(folder, "seed-2.json.4343.1.0.tmp");
    writeFileSync(old, "{");
    writeFileSync(young, "{");
    const past = new Date(Date.now() - STALE_TMP_MS - 5_000);
    utimesSync(old, past, past);
    cache.put("k", 1, { v: 1 });
    expect(readdirSync(folder).sort()).toEqual(["seed-1.json", "seed-2.json.4343.1.0.tmp"]);
    expect(lines).toEqual([`cache: removed an abandoned temporary file ${old}`]);
    // getOrCompute cleans the entry's folder too, also when the entry is a hit.
    writeFileSync(old, "{");
    utimesSync(old, past, past);
    expect((await cache.getOrCompute("k", 1, async () => ({ v: 9 }))).value).toEqual({ v: 1 });
    expect(readdirSync(folder).sort()).toEqual(["seed-1.json", "seed-2.json.4343.1.0.tmp"]);
  });

  it("two concurrent calls for one seed compute it once; the other waits and reads; no lock file is left", async () => {
    const { root, lines, log } = fresh("lock-calls");
    const cache = new ResultCache<{ v: number }>("t", root, { log, pollMs: 20 });
    let computations = 0;
    const compute = async () => {
      computations++;
      await new Promise((r) => setTimeout(r, 200));
      return { v: 7 };
    };
    const [a, b] = await Promise.all([cache.getOrCompute("k", 1, compute), cache.getOrCompute("k", 1, compute)]);
    expect(computations).toBe(1);
    expect([a.computed, b.computed].sort()).toEqual([false, true]);
    expect(a.value).toEqual({ v: 7 });
    expect(b.value).toEqual({ v: 7 });
    expect(lines.filter((l) => /is being computed by process \d+ on .*; waiting to read it/.test(l))).toHaveLength(1);
    expect(filesUnder(root)).toEqual(["t/k/seed-1.json"]);
    // A hit afterwards computes nothing.
    expect((await cache.getOrCompute("k", 1, compute)).computed).toBe(false);
    expect(computations).toBe(1);
  });

  it("a failed computation releases the lock and writes nothing", async () => {
    const { root } = fresh("lock-fail");
    const cache = new ResultCache<{ v: number }>("t", root, { pollMs: 20 });
    await expect(cache.getOrCompute("k", 1, async () => Promise.reject(new Error("diverged")))).rejects.toThrow("diverged");
    expect(filesUnder(root)).toEqual([]);
    expect((await cache.getOrCompute("k", 1, async () => ({ v: 3 }))).value).toEqual({ v: 3 });
  });

  it("a stale lock is broken: its holder exited (this host), or it was not refreshed (another host)", async () => {
    const { root, lines, log } = fresh("lock-stale");
    const cache = new ResultCache<{ v: number }>("t", root, { log, pollMs: 20, staleLockMs: 300 });
    const lock = `${cache.path("k", 1)}.lock`;
    mkdirSync(join(root, "t", "k"), { recursive: true });
    // A pid that cannot be alive (above the kernel's pid_max) on this host.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, host: (await import("node:os")).hostname(), startedAt: "2026-12-01T00:00:00Z", token: "dead" }));
    expect((await cache.getOrCompute("k", 1, async () => ({ v: 1 }))).computed).toBe(true);
    expect(lines.some((l) => l.includes(`breaking the lock ${lock}: its holder, process ${2 ** 30} on this host, has exited`))).toBe(true);
    // Another host's lock: waited for until it is older than staleLockMs.
    writeFileSync(`${cache.path("k", 3)}.lock`, JSON.stringify({ pid: 1, host: "elsewhere", startedAt: "2026-12-01T00:00:00Z", token: "far" }));
    const t0 = performance.now();
    expect((await cache.getOrCompute("k", 3, async () => ({ v: 3 }))).computed).toBe(true);
    expect(performance.now() - t0).toBeGreaterThan(250);
    expect(lines.some((l) => /is being computed by process 1 on elsewhere/.test(l))).toBe(true);
    expect(lines.some((l) => /breaking the lock .*seed-3\.json\.lock: not refreshed for \d+ s \(stale after 0\.3 s\)/.test(l))).toBe(true);
    expect(filesUnder(root)).toEqual(["t/k/seed-1.json", "t/k/seed-3.json"]);
  });

  it("two processes computing the same seed compute it once", async () => {
    const { root } = fresh("lock-procs");
    const counter = join(dir, "computations.txt");
    const script = join(dir, "child.mts");
    writeFileSync(
      script,
      `import { appendFileSync } from "node:fs";
import { ResultCache } from ${JSON.stringify(join(REPO_ROOT, "src/experiments/cache.ts"))};
const cache = new ResultCache(${JSON.stringify("t")}, ${JSON.stringify(root)}, { pollMs: 50, log: () => {} });
const e = await cache.getOrCompute("k", 1, async () => {
  appendFileSync(${JSON.stringify(counter)}, "computed\\n");
  await new Promise((r) => setTimeout(r, 1500));
  return { v: 7 };
});
console.log(JSON.stringify({ computed: e.computed, v: e.value.v }));
`,
    );
    const child = () =>
      new Promise<string>((ok, fail) => {
        const p = spawn(process.execPath, ["--import", "tsx", script], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.on("error", fail);
        p.on("exit", (code) => (code === 0 ? ok(out.trim()) : fail(new Error(`child exited ${code}`))));
      });
    const outs = (await Promise.all([child(), child()])).map((o) => JSON.parse(o) as { computed: boolean; v: number });
    expect(readFileSync(counter, "utf8")).toBe("computed\n");
    expect(outs.map((o) => o.v)).toEqual([7, 7]);
    expect(outs.map((o) => o.computed).sort()).toEqual([false, true]);
    expect(filesUnder(root)).toEqual(["t/k/seed-1.json"]);
  });
});
