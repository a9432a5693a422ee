/**
 * The report document (claims.json): one versioned object per page. Its JSON Schema is
 * reports/schema/claims-report.v1.json (validated in test/report/schema.test.ts); a change to this
 * shape needs a new schema version.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimRecord } from "../claim-interfaces.js";
import type { PageProvenance } from "./provenance.js";
import { summaryRow, type SummaryRow } from "./summary.js";
import { PAPER_ORDER, registeredRecord, type ClaimKind } from "../claims/registry.js";

export const REPORT_SCHEMA_VERSION = 1;
/** The schema file, relative to the repository. */
export const REPORT_SCHEMA_PATH = "reports/schema/claims-report.v1.json";

export interface ClaimsReport {
  /** REPORT_SCHEMA_PATH: the schema this document follows. */
  schema: string;
  schemaVersion: 1;
  scale: Scale;
  /** When this file was written (ISO 8601); the only field that differs between two regenerations from the same data. */
  generated: string;
  /** True while the run is still going, or when it was cut off (a timeout): not every claim is in. */
  partial: boolean;
  /** `vitest`: a run of the claim specs; `seed-data`: regenerated from committed per-seed data (npm run report:paper). */
  source: "vitest" | "seed-data";
  provenance: PageProvenance;
  /** One row per record, in the order of `claims`. */
  summary: SummaryRow[];
  /** The claim records (in report order, reportOrder), each with its checks, per-seed values, flags, sensitivity, tables, figures and provenance. */
  claims: ClaimRecord[];
}

/** Where each kind of registry entry's records go, in the report's order. */
const KIND_RANK: Record<ClaimKind, number> = { "paper-claim": 0, check: 1, "estimator-claim": 2, control: 3 };

/**
 * Sort key of a record, from the registry entry that writes it (registeredRecord): the paper's
 * claims first in paper order (each with its ci pipeline check right after it), then the positive
 * checks, the estimator's own claims, and the negative controls; records no entry writes (a claim
 * since removed, read from an earlier report) last; ids break ties.
 */
export function reportOrder(id: string): [number, number, string] {
  const r = registeredRecord(id);
  if (!r) return [4, 0, id];
  const rank = KIND_RANK[r.entry.kind];
  if (rank > 0) return [rank, 0, id];
  return [0, PAPER_ORDER.indexOf(r.entry.id) * 2 + (r.pipelineCheck ? 1 : 0), id];
}

function compareOrder(a: string, b: string): number {
  const [x, y] = [reportOrder(a), reportOrder(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
}

/** Assemble a report document (records in report order; summary derived from them). */
export function makeReport(opts: { scale: Scale; generated: Date; partial: boolean; source: ClaimsReport["source"]; provenance: PageProvenance; claims: readonly ClaimRecord[] }): ClaimsReport {
  const claims = [...opts.claims].sort((a, b) => compareOrder(a.id, b.id));
  return {
    schema: REPORT_SCHEMA_PATH,
    schemaVersion: REPORT_SCHEMA_VERSION,
    scale: opts.scale,
    generated: opts.generated.toISOString(),
    partial: opts.partial,
    source: opts.source,
    provenance: opts.provenance,
    summary: claims.map(summaryRow),
    claims,
  };
}

/** JSON text of a report: NaN and infinities become null (JSON has neither), 2-space indent, final newline. */
export function reportJson(r: ClaimsReport): string {
  return JSON.stringify(r, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
