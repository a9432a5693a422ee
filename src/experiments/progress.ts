/** Progress lines with an ETA for long runs. */

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(r).padStart(2, "0")}s` : `${r}s`;
}

/** Remaining time of a job of `total` units after `done` units took `elapsedSeconds`. */
export function eta(done: number, total: number, elapsedSeconds: number): number | null {
  if (done <= 0) return null;
  return (elapsedSeconds / done) * (total - done);
}

export type LogFn = (line: string) => void;

/** Default logger: stderr, so progress shows while vitest runs the test. */
export const stderrLog: LogFn = (line) => {
  process.stderr.write(line + "\n");
};
