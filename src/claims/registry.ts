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
import { CIFAR_CLAIMS } from "./cifar-claims.js";
import { ESTIMATOR_CLAIMS } from "./estimator/index.js";
import { PAPER_ORDER } from "./paper-order.js";

export { PAPER_ORDER };

/** What an entry is: a claim of the paper, a positive check of the measurement, a claim about the estimator itself, or a group of negative controls. */
export type ClaimKind = "paper-claim" | "check" | "estimator-claim" | "control";

export interface RegisteredClaim {
  id: string;
  kind: ClaimKind;
  /** The spec folder (under claims/) whose files register it. */
  specDir: "checkerboard" | "cifar10" | "cifar-100" | "estimator";
  /** Test title of its spec. */
  title: string;
}

const cb = (kind: ClaimKind) => (d: CbClaimDef): RegisteredClaim => ({ id: d.id, kind, specDir: "checkerboard", title: d.title });

/** Every entry, paper claims in the paper's order first. */
export const CLAIM_REGISTRY: readonly RegisteredClaim[] = [
  ...CB_CLAIMS.map(cb("paper-claim")),
  ...CIFAR_CLAIMS.map((d): RegisteredClaim => ({ id: d.id, kind: "paper-claim", specDir: d.datasets.includes("cifar100") ? "cifar-100" : "cifar10", title: d.title })),
  ...CB_CHECKS.map(cb("check")),
  ...ESTIMATOR_CLAIMS.map((d): RegisteredClaim => ({ id: d.id, kind: "estimator-claim", specDir: "estimator", title: d.title })),
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
