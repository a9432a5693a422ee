/**
 * The claim registry (issue 20): every claim, positive check and negative-control group of the
 * suite, each defined once as data with no side effects, in one list. The spec files under
 * claims/ only register entries by id (cbClaimTest, cbControlTest, cifarClaimTest,
 * estimatorClaimTest); the report (its order and the ids it knows), `claims:status`, the nightly
 * plan, the benchmark's projection and the known-failure table read this list, so a claim is
 * added, renamed or removed in one place. test/claims/registry.test.ts checks that every entry is
 * registered by exactly one spec file and that each checkerboard entry reads exactly the runs it
 * declares.
 */
import type { Scale } from "../interfaces.js";
import type { CbPlanEntry } from "../experiments/cb-plan.js";
import { CB_CHECKS, CB_CLAIMS, CB_CONTROLS, type CbClaimDef } from "./checkerboard-claims.js";
import { CIFAR_CLAIMS, cifarPipelineRecordId } from "./cifar-claims.js";
import { ESTIMATOR_CLAIMS } from "./estimator/index.js";
import { PAPER_ORDER } from "./paper-order.js";

export { PAPER_ORDER };

/** What an entry is: a claim of the paper, a positive check of the measurement, a claim about the estimator itself, or a group of negative controls. */
export type ClaimKind = "paper-claim" | "check" | "estimator-claim" | "control";

/** The experiments an entry rests on (its code-version scope in the report's provenance). */
export type ClaimFamily = "checkerboard" | "cifar" | "estimator";

export interface RegisteredClaim {
  id: string;
  kind: ClaimKind;
  family: ClaimFamily;
  /** The spec folder (under claims/) whose files register it. */
  specDir: "checkerboard" | "cifar10" | "cifar-100" | "estimator";
  /** Test title of its spec. */
  title: string;
  /**
   * The records its spec writes into the report at a scale: a checkerboard control group writes
   * one per control; a CIFAR claim writes its paper record (skipped at ci scale, with the reason)
   * and its pipeline check's; every other entry one record under its own id.
   */
  records: (scale: Scale) => readonly RecordOfEntry[];
}

/** A record of the report as its entry writes it. */
export interface RecordOfEntry {
  id: string;
  /** A CIFAR ci pipeline check (small convnet, never a reproduction), not the claim itself. */
  pipelineCheck: boolean;
}

const own = (id: string): RecordOfEntry[] => [{ id, pipelineCheck: false }];
const cb = (kind: ClaimKind) => (d: CbClaimDef): RegisteredClaim => ({
  id: d.id,
  kind,
  family: "checkerboard",
  specDir: "checkerboard",
  title: d.title,
  records: (scale) => (d.records ? d.records(scale).map((id) => ({ id, pipelineCheck: false })) : own(d.id)),
});

/** Every entry, paper claims in the paper's order first. */
export const CLAIM_REGISTRY: readonly RegisteredClaim[] = [
  ...CB_CLAIMS.map(cb("paper-claim")),
  ...CIFAR_CLAIMS.map((d): RegisteredClaim => ({
    id: d.id,
    kind: "paper-claim",
    family: "cifar",
    specDir: d.datasets.includes("cifar100") ? "cifar-100" : "cifar10",
    title: d.title,
    records: () => [...own(d.id), { id: cifarPipelineRecordId(d.id), pipelineCheck: true }],
  })),
  ...CB_CHECKS.map(cb("check")),
  ...ESTIMATOR_CLAIMS.map((d): RegisteredClaim => ({ id: d.id, kind: "estimator-claim", family: "estimator", specDir: "estimator", title: d.title, records: () => own(d.id) })),
  ...CB_CONTROLS.map(cb("control")),
].sort((a, b) => paperRank(a.id) - paperRank(b.id));

function paperRank(id: string): number {
  const i = PAPER_ORDER.indexOf(id);
  return i < 0 ? PAPER_ORDER.length : i;
}

/** The registry entry `id` (throws naming the known ids). */
export function registeredClaim(id: string): RegisteredClaim {
  const e = CLAIM_REGISTRY.find((x) => x.id === id);
  if (!e) throw new Error(`no claim "${id}" in the registry (known: ${CLAIM_REGISTRY.map((x) => x.id).join(", ")})`);
  return e;
}

/** What the report knows of a record: the entry that writes it, and whether it is a CIFAR pipeline check. */
export interface RegisteredRecord extends RecordOfEntry {
  entry: RegisteredClaim;
}

const RECORDS = new Map<string, RegisteredRecord>();
for (const entry of CLAIM_REGISTRY) {
  for (const scale of ["ci", "paper"] as Scale[]) {
    for (const r of entry.records(scale)) {
      const seen = RECORDS.get(r.id);
      if (seen && seen.entry !== entry) throw new Error(`record "${r.id}" is written by two registry entries, ${seen.entry.id} and ${entry.id}`);
      RECORDS.set(r.id, { ...r, entry });
    }
  }
}

/**
 * The registry's knowledge of a report record by its id (null: no entry writes it, e.g. a record
 * of a claim since removed, read from an earlier report). The report orders, labels and scopes
 * records by this, not by the shape of their ids.
 */
export function registeredRecord(recordId: string): RegisteredRecord | null {
  return RECORDS.get(recordId) ?? null;
}

/** Every checkerboard definition (claims, checks, controls) with its kind. */
export const CB_DEFS: readonly { def: CbClaimDef; kind: ClaimKind }[] = [
  ...CB_CLAIMS.map((def) => ({ def, kind: "paper-claim" as const })),
  ...CB_CHECKS.map((def) => ({ def, kind: "check" as const })),
  ...CB_CONTROLS.map((def) => ({ def, kind: "control" as const })),
];

/** The checkerboard runs of registry entry `id` at a scale (empty when it does not run there). */
export function cbRunsOf(id: string, scale: Scale): CbPlanEntry[] {
  const e = CB_DEFS.find((x) => x.def.id === id);
  if (!e) throw new Error(`no checkerboard claim, check or control "${id}" (known: ${CB_DEFS.map((x) => x.def.id).join(", ")})`);
  return e.def.runsAt(scale) ? e.def.runs(scale) : [];
}
