/** runCheckerboard announces cache hits as hits, with the earlier run's wall times labelled as that run's. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCbConfig } from "../../src/experiments/cb-config.js";
import { cbResultKey, runCheckerboard } from "../../src/experiments/cb-runner.js";
import { cbResultCache } from "../../src/experiments/cb-result-schema.js";
import { autoImplementation } from "../../src/info/core/estimate.js";
import { initBackend } from "../../src/runtime/backend.js";
import { planted } from "../claims/planted.js";

const dir = mkdtempSync(join(tmpdir(), "cache-hits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cache hits", () => {
  it("are logged as hits, naming the file, when it was written and that the times are the earlier run's", async () => {
    const backend = await initBackend("wasm");
    const r = planted("CB-2", [{ seed: 2, colour: [0.9, 0.8, 0.5, 0.2, 0.05], direction: [0.2, 0.5, 0.8, 0.9, 1] }])[0];
    const cache = cbResultCache(dir);
    const key = cbResultKey(r.config, backend.name, autoImplementation(backend.gpu));
    cache.put(key, 2, { ...r, key, wallSeconds: { train: 65, decode: 600 } });
    const lines: string[] = [];
    const [got] = await runCheckerboard(parseCbConfig(r.config), [2], { cache, log: (l) => lines.push(l), concurrency: 1 });
    expect(got.seed).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[CB-2 paper\] seed 2 \(1\/1\) cache hit, not recomputed: .*seed-2\.json \(written \d{4}-\d\d-\d\dT[^)]*\); that earlier run took train 1m05s, decoders 10m00s$/);
  });
});
