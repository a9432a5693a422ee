/**
 * Contracts of judgement: claim records, rule outcomes and the report's figures; types only,
 * importing only the measurement contracts (src/interfaces.ts). Apart from those by meaning: a
 * measurement knows nothing of the claims that read it (the layering test keeps it so).
 */
import type { DecoderInput, Scale } from "./interfaces.js";

/** Verdict of one rule, and of a judged claim (PROTOCOL.md, amended 2026-12-01). */
export type Outcome = "reproduced" | "contradicted" | "inconclusive";

/**
 * What a claim record is:
 * - `reproduced` / `contradicted` / `inconclusive`: a claim judged on the evidence;
 * - `task-not-learned`: fewer than half the seeds learned the task, so the claim cannot be judged;
 * - `exported`: data for a figure (fig2d), not a claim;
 * - `pipeline-ok` / `pipeline-failed`: a ci pipeline check (small model, CPU), never a reproduction;
 * - `error`: could not be evaluated because an input is wrong (e.g. a corrupt data file), with the reason;
 * - `skipped`: not run here, with the reason.
 */
export type ClaimStatus = Outcome | "task-not-learned" | "exported" | "pipeline-ok" | "pipeline-failed" | "error" | "skipped";

/** One checked rule of a claim, with the measured statistic and the threshold it was held to. */
export interface ClaimCheck {
  /** Stable id of the rule within its claim (e.g. "last-layer-colour"); known failures and controls name rules by it. */
  rule: string;
  /** What was measured, in words. */
  name: string;
  outcome: Outcome;
  /** outcome === "reproduced". */
  pass: boolean;
  statistic: number;
  /** What `statistic` is ("mean", "one-sided Spearman p", ...); absent on pipeline checks. */
  statisticName?: string;
  /** The interval the decision used (95%, intersected with the feasible range; null: one seed, or a p-value). */
  ci: [number, number] | null;
  /** The claimed side: the rule holds when statistic `comparison` threshold, with the evidence PROTOCOL.md asks. */
  comparison: "<=" | ">=" | "<" | ">";
  threshold: number;
  /** Inconclusive: what is undecided. */
  undecided?: string;
  /** Inconclusive: about how many learned seeds the observed spread would need for a decisive verdict (null: none would). */
  seedsNeeded?: number | null;
  /** The per-seed (or per-run) values behind the statistic, for a reader to recompute it. */
  values?: Record<string, unknown>;
  /**
   * The same rule under the sensitivity views: every point from its second decoder seed, and
   * with flagged points left out (null: too few points left to evaluate the rule).
   */
  sensitivity?: { secondDecoder: Outcome | null; withoutFlagged: Outcome | null };
  /**
   * The same rule under the sensitivity readings (PROTOCOL.md section 0, amended 2026-12-02): the
   * rule points read from raw and from per-unit standardised Z, same decoder seeds (null: not
   * measured, e.g. data measured before the amendment has no standardised reading).
   */
  readings?: { raw: ReadingOutcome | null; standardised: ReadingOutcome | null };
  /** Readable sentence: outcome, statistic, CI, threshold. */
  message: string;
}

/** A rule's outcome under one reading, with its statistic and interval. */
export interface ReadingOutcome {
  outcome: Outcome;
  statistic: number;
  ci: [number, number] | null;
}

/** Flags of one usable-information point (PROTOCOL.md section 0; issue 9). */
export type PointFlag = "failure" | "collapse" | "unstable" | "non-finite";

/** A flagged point of a claim's seed-runs. */
export interface FlaggedPoint {
  run: string;
  seed: number;
  label: string;
  layer: number;
  epoch: number;
  replicate: number;
  /** Reading of the point (absent: the registered one). */
  input?: DecoderInput;
  bits: number;
  flags: PointFlag[];
  /** Whether a rule of the claim uses this point. */
  usedByRule: boolean;
}

/** A table of numbers for the report. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** A scatter plot for the report: points with a group index (coloured by group). */
export interface ScatterFigure {
  kind?: "scatter";
  /** File-name stem, unique within the claim. */
  name: string;
  title: string;
  xLabel: string;
  yLabel: string;
  groupNames: string[];
  points: { x: number; y: number; group: number }[];
}

/** Curves for the report (e.g. usable information against epoch, one series per layer). */
export interface LineFigure {
  kind: "lines";
  /** File-name stem, unique within the claim. */
  name: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Each point may carry an interval (lo, hi), drawn as an error bar (95% CI where stated). */
  series: { name: string; points: { x: number; y: number; lo?: number; hi?: number }[] }[];
  /** Horizontal reference lines, e.g. a claim's threshold. */
  refLines?: { y: number; label: string }[];
  /**
   * Optional, for the renderer (src/report/vega.ts): the label the curves measure ("colour",
   * "direction", "fine", "coarse"), which picks the colour family (depth = shade); inferred from
   * the name and axis label when absent.
   */
  family?: string;
  /** Optional feasible range of y (e.g. [0, 1] for accuracies): bands are clipped to it. Inferred from the axis label when absent. */
  yDomain?: [number, number];
  /** Optional thin per-seed traces, keyed by series name (drawn under the mean curve). */
  traces?: Record<string, { seed: number; points: { x: number; y: number }[] }[]>;
  /**
   * Optional per-seed values beside each mean (small open circles, offset per series), where the
   * seeds fall into groups that a mean and band would hide (fig7's accuracies: learned seeds near
   * 1, stuck ones near chance; fig6's colour).
   */
  dots?: { series: string; x: number; y: number; seed: number }[];
}

export type ReportFigure = ScatterFigure | LineFigure;

/** What a claim spec records in task.meta.claim; the reporter reads nothing else. */
export interface ClaimRecord {
  id: string;
  paper: string;
  statement: string;
  scale: Scale;
  backend: string;
  status: ClaimStatus;
  /** Why the claim was skipped or could not be judged. */
  reason?: string;
  /** Set when the claim is declared a known failure at this scale: the declared reason. */
  knownFailure?: string;
  /** How this scale's protocol departs from PROTOCOL.md (ci scale), shown beside the verdict. */
  scaleNote?: string;
  checks: ClaimCheck[];
  seeds: { total: number; learned: number | null };
  /** Usable-information points behind the statistics, how many were clipped at 0, how many flagged as decoder failures. */
  clipping: { points: number; clipped: number; decoderFailures: number };
  /**
   * Flagged points of the claim's seed-runs (all points, replicates included): counts per flag
   * and the list. failure: raw < -0.05 bit; collapse: >= 0.5 bit below the same seed, layer,
   * label at both neighbouring probe epochs; unstable: a decoder step whose gradient norm exceeded
   * 100x its median; non-finite: a decoder step that was not finite.
   */
  flags?: { points: number; counts: Record<PointFlag, number>; list: FlaggedPoint[] };
  /**
   * The verdict under each sensitivity view, and whether the registered verdict is robust to both
   * (a reader sees at once when a verdict hangs on the estimator).
   */
  sensitivity?: { registered: ClaimStatus; secondDecoder: ClaimStatus | null; withoutFlagged: ClaimStatus | null; robust: boolean };
  /**
   * The verdict under each reading of Z (PROTOCOL.md section 0, amended 2026-12-02): `registered`
   * names the reading the verdict uses ("whitened"; "raw" for data measured before the amendment),
   * `status` is the verdict, raw and standardised the same rules on the sensitivity readings
   * (null: not measured), and `dependent` is set when a reading that could be judged gives
   * another verdict: the summary labels the claim reading-dependent.
   */
  readings?: { registered: DecoderInput | "mixed"; status: ClaimStatus; raw: ClaimStatus | null; standardised: ClaimStatus | null; dependent: boolean };
  /**
   * The same claim judged on a subset of its seeds: at paper scale seeds 9-16 alone, which the
   * 8-seed pilot did not include (PROTOCOL.md section 1, amended 2026-12-02), so a reader sees that
   * the pilot did not decide the verdict.
   */
  subsets?: { name: string; seeds: number[]; status: ClaimStatus; keyText: string }[];
  tables: ReportTable[];
  /** Figures rendered to SVG by the report writer. */
  figures?: ReportFigure[];
  /** Wall time of each seed-run behind the claim, seconds. */
  runs: { run: string; seed: number; trainSeconds: number; decodeSeconds: number; peakRssMiB: number; reading?: DecoderInput }[];
  /** Set by the reporter from the vitest result. */
  testOutcome?: "pass" | "fail" | "skipped";
  /** Set by the reporter: when the claim was evaluated (ISO 8601). */
  evaluatedAt?: string;
  testName?: string;
  /** Set by the report writer: which code, backend and data measured this record (src/report/provenance.ts). */
  provenance?: ClaimProvenance;
  /**
   * Set by the report writer when this run skipped the claim but an earlier report had measured
   * it: the record is the earlier measured one (its own date in evaluatedAt), and this says why it
   * was not re-measured.
   */
  skippedThisRun?: { reason: string; at: string };
}

/** Where a record's numbers come from. */
export interface ClaimProvenance {
  /**
   * `vitest-run`: evaluated by a claim spec in this report's run (results computed, or read from
   * the cache, which is keyed by code version); `seed-data`: regenerated from committed per-seed
   * files; `carried-over`: kept from an earlier report (see `from`).
   */
  source: "vitest-run" | "seed-data" | "carried-over";
  /** Code versions (src/experiments/cache.ts codeVersion) that measured the numbers. */
  codeVersions: string[];
  /** tfjs backends that measured them. */
  backends: string[];
  /** Decoder implementations (seed data only). */
  decoderImplementations?: string[];
  /** Earliest and latest measurement dates of the underlying seed-runs (ISO 8601; seed data only). */
  measured?: { from: string; to: string };
  /** Seed files read, relative to the repository (seed data only). */
  dataFiles?: string[];
  /** Whether the page's code version (for this claim's kind of run) measured every number. */
  sameCodeAsPage: boolean;
  /** For carried-over records: the report, commit and date they were taken from. */
  from?: { report: string; commit: string | null; generated: string };
}
