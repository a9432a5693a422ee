/**
 * Claims known NOT to reproduce at a given scale, pinned as data (never a silent skip). An entry
 * pins the claim's verdict, its learned-seed count, and exactly which rules are not reproduced,
 * each with its outcome and a band for its statistic. The claim is still run and evaluated in
 * full; its test passes only when the record matches the entry exactly, so another rule failing,
 * a statistic drifting out of its band, a different verdict or a claim that starts to reproduce
 * all turn the test red (and the entry must then be re-measured or removed, with the reason).
 */
import type { Scale } from "../interfaces.js";
import type { ClaimRecord, ClaimStatus, Outcome } from "../claim-interfaces.js";

export interface PinnedRule {
  /** Rule id (ClaimCheck.rule). */
  rule: string;
  outcome: Exclude<Outcome, "reproduced">;
  /** Inclusive band for the rule's statistic. */
  statistic: [number, number];
}

export interface KnownFailure {
  id: string;
  scale: Scale;
  /** The claim's verdict. */
  status: Exclude<ClaimStatus, "reproduced" | "skipped" | "exported" | "pipeline-ok">;
  /** Learned seeds (pinned exactly) for claims that count them. */
  learnedSeeds?: number;
  /** Every rule that is not reproduced; the claim's other rules must be reproduced. */
  rules: PinnedRule[];
  /** What fails and why, with the measured numbers and the command that measured them. */
  reason: string;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [];

/** The entry pinning claim `id` at `scale`, or null. */
export function knownFailure(id: string, scale: Scale, list: readonly KnownFailure[] = KNOWN_FAILURES): KnownFailure | null {
  return list.find((k) => k.id === id && k.scale === scale) ?? null;
}

/** Every way a record differs from its pinned entry (empty when it matches exactly). */
export function knownFailureMismatches(record: ClaimRecord, entry: KnownFailure): string[] {
  const out: string[] = [];
  if (record.status !== entry.status) out.push(`verdict ${record.status}, pinned ${entry.status}`);
  if (entry.learnedSeeds !== undefined && record.seeds.learned !== entry.learnedSeeds) out.push(`learned seeds ${record.seeds.learned}, pinned ${entry.learnedSeeds}`);
  const failing = record.checks.filter((c) => c.outcome !== "reproduced");
  for (const c of failing) {
    const pin = entry.rules.find((r) => r.rule === c.rule);
    if (!pin) {
      out.push(`rule ${c.rule} is ${c.outcome} (statistic ${c.statistic}) but not pinned`);
      continue;
    }
    if (c.outcome !== pin.outcome) out.push(`rule ${c.rule} is ${c.outcome}, pinned ${pin.outcome}`);
    if (!(c.statistic >= pin.statistic[0] && c.statistic <= pin.statistic[1])) out.push(`rule ${c.rule}: statistic ${c.statistic} outside its pinned band [${pin.statistic[0]}, ${pin.statistic[1]}]`);
  }
  for (const pin of entry.rules) {
    const c = record.checks.find((x) => x.rule === pin.rule);
    if (!c) out.push(`pinned rule ${pin.rule} is missing from the record`);
    else if (c.outcome === "reproduced") out.push(`pinned rule ${pin.rule} is now reproduced (statistic ${c.statistic})`);
  }
  return out;
}
