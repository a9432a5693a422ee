/**
 * Contracts of claim records and the report: types only; imports only the estimator contracts.
 * Kept apart from src/interfaces.ts so that claims and the report can change without changing
 * the code version that keys cached experiment results.
 */
import type { Scale } from "./interfaces.js";

/** Outcome of one claim. `task-not-learned`: fewer than half the seeds learned the task. */
export type ClaimStatus = "pass" | "fail" | "task-not-learned" | "skipped";

/** One checked rule of a claim, with the measured statistic and the threshold it was held to. */
export interface ClaimCheck {
  name: string;
  pass: boolean;
  statistic: number;
  /** 95% CI of the statistic where it has one (null: one seed, or no closed form). */
  ci: [number, number] | null;
  threshold: number;
  /** Readable sentence: measured statistic, CI, threshold. */
  message: string;
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
  /** How this scale's protocol departs from CLAIMS.md (ci scale), shown beside the verdict. */
  scaleNote?: string;
  checks: ClaimCheck[];
  seeds: { total: number; learned: number | null };
  /** Usable-information points behind the statistics, how many were clipped at 0, how many flagged as decoder failures. */
  clipping: { points: number; clipped: number; decoderFailures: number };
  tables: ReportTable[];
  /** Figures rendered to SVG by the report writer. */
  figures?: ReportFigure[];
  /** Wall time of each seed-run behind the claim, seconds. */
  runs: { run: string; seed: number; trainSeconds: number; decodeSeconds: number; peakRssMiB: number }[];
  /** Set by the reporter from the vitest result. */
  testOutcome?: "pass" | "fail" | "skipped";
  /** Set by the reporter: when the claim was evaluated (ISO 8601). */
  evaluatedAt?: string;
  testName?: string;
}
