import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalJson, writeFileAtomic } from "../../src/runtime/files.js";
import { codeVersion, configKey, ResultCache } from "../../src/experiments/cache.js";

const dir = mkdtempSync(join(tmpdir(), "claims-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    expect(cache.get("k", 2)).toBeNull();
    expect(cache.get("other", 1)).toBeNull();
  });

  it("writes atomically and leaves no temp file behind", () => {
    const p = join(dir, "atomic", "x.json");
    writeFileAtomic(p, "{}");
    writeFileAtomic(p, '{"a":1}');
    expect(readdirSync(join(dir, "atomic"))).toEqual(["x.json"]);
  });

  it("names a corrupt cache file", () => {
    const cache = new ResultCache<unknown>("t", dir);
    writeFileAtomic(cache.path("bad", 3), "{not json");
    expect(() => cache.get("bad", 3)).toThrow(/corrupt cache file .*seed-3.json/);
  });
});
