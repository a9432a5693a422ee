/** Planted claim records and reports for the report tests. */
import type { ClaimCheck, ClaimRecord, ClaimStatus, Outcome } from "../../src/claim-interfaces.js";
import { makeReport, type ClaimsReport } from "../../src/report/document.js";
import type { PageProvenance } from "../../src/report/provenance.js";

export function check(rule: string, outcome: Outcome, statistic: number, ci: [number, number] | null, over: Partial<ClaimCheck> = {}): ClaimCheck {
  return {
    rule,
    name: `${rule} (bits)`,
    outcome,
    pass: outcome === "reproduced",
    statistic,
    ci,
    comparison: "<=",
    threshold: 0.1,
    values: { perSeed: [statistic - 0.01, statistic, statistic + 0.01], seeds: [1, 2, 3] },
    sensitivity: { secondDecoder: outcome, withoutFlagged: outcome },
    message: `${outcome.toUpperCase()} ${rule}: mean = ${statistic}`,
    ...over,
  };
}

export function record(id: string, status: ClaimStatus, over: Partial<ClaimRecord> = {}): ClaimRecord {
  const outcome: Outcome = status === "reproduced" || status === "contradicted" || status === "inconclusive" ? status : "contradicted";
  return {
    id,
    paper: `Fig ${id}`,
    statement: `statement of ${id}`,
    scale: "ci",
    backend: "wasm",
    status,
    checks: status === "skipped" ? [] : [check("last-layer-colour", outcome, 0.05, [0.02, 0.08])],
    seeds: { total: 3, learned: status === "skipped" ? null : 3 },
    clipping: { points: 6, clipped: 1, decoderFailures: 0 },
    flags: { points: 12, counts: { failure: 0, collapse: 1, unstable: 0, "non-finite": 0 }, list: [{ run: "CB-2", seed: 2, label: "colour", layer: 5, epoch: 10, replicate: 1, bits: 0.01, flags: ["collapse"], usedByRule: false }] },
    sensitivity: status === "skipped" ? undefined : { registered: status, secondDecoder: status, withoutFlagged: status, robust: true },
    tables: [{ title: "Final epoch | learned seeds", columns: ["layer", "bits"], rows: [["layer 1", 0.30000000000000004], ["layer 2", null]] }],
    figures: [
      {
        kind: "lines",
        name: "colour-by-epoch",
        title: `${id}: colour information per layer`,
        xLabel: "epoch",
        yLabel: "colour usable information (bits, clipped at 0)",
        series: [
          { name: "layer 1", points: [{ x: 0, y: 0.9, lo: 0.8, hi: 1.0 }, { x: 3, y: 0.8, lo: 0.7, hi: 0.9 }, { x: 10, y: 0.7, lo: 0.6, hi: 0.8 }, { x: 100, y: 0.6, lo: 0.5, hi: 0.7 }] },
          { name: "layer 2", points: [{ x: 0, y: 0.5, lo: -0.1, hi: 0.9 }, { x: 3, y: 0.2 }, { x: 10, y: 0.1, lo: 0, hi: 0.2 }, { x: 100, y: 0.05, lo: 0.0, hi: 0.1 }] },
        ],
        refLines: [{ y: 0.1, label: "colour bound 0.1" }],
      },
      { name: "epoch10-colour", title: `${id} scatter`, xLabel: "PC 1", yLabel: "PC 2", groupNames: ["colour 0", "colour 1"], points: [{ x: 0.000001, y: 0.000007, group: 0 }, { x: 0.000003, y: 0.000002, group: 1 }, { x: 0.000005, y: 0.000004, group: 1 }] },
    ],
    runs: [{ run: "CB-2", seed: 1, trainSeconds: 10, decodeSeconds: 50, peakRssMiB: 300 }],
    testOutcome: status === "reproduced" ? "pass" : status === "skipped" ? "skipped" : "fail",
    evaluatedAt: "2026-12-01T00:00:00.000Z",
    ...over,
  };
}

export function page(over: Partial<PageProvenance> = {}): PageProvenance {
  return {
    commit: "0123456789abcdef0123456789abcdef01234567",
    dirty: false,
    codeVersion: { checkerboard: "cbv1", cifar: "cifv1", estimator: "estv1" },
    packages: { "@tensorflow/tfjs": "4.22.0", vega: "6.4.0" },
    node: "v20.20.2",
    platform: "linux x64",
    backends: ["wasm"],
    cpuModel: "Test CPU",
    cpuCount: 2,
    gpu: null,
    scale: "ci",
    startedAt: "2026-12-01T00:00:00.000Z",
    wallSeconds: 60,
    command: "vitest run",
    ...over,
  };
}

export function report(claims: ClaimRecord[], over: { partial?: boolean; generated?: string } = {}): ClaimsReport {
  return makeReport({ scale: "ci", generated: new Date(over.generated ?? "2026-12-02T00:00:00.000Z"), partial: over.partial ?? false, source: "vitest", provenance: page(), claims });
}
