/**
 * The seed loop of the runner pipeline (src/experiments/pipeline.ts runRun). Every seed of a run
 * goes through the result cache: cached seeds are taken first and logged as hits; the rest are
 * computed `concurrency` at a time, each under its cache entry's lock (a seed another process is
 * computing is waited for, not repeated), with an ETA over the seeds left. How one seed is
 * computed is the `compute` hook (the pipeline's runSeed). Results come back in the order of
 * `seeds` and do not depend on the concurrency.
 */
import { describeHit, type ResultCache } from "./cache.js";
import { formatDuration, type LogFn } from "./progress.js";

/** What the loop reads of a seed-run's result to report it. */
export interface SeedRunSummary {
  finalValAccuracy: number;
  wallSeconds: { train: number; decode: number };
  peakRssMiB: number;
}

export interface SeedLoop<R extends SeedRunSummary> {
  /** Prefix of every log line, e.g. "[CB-10 paper]". */
  tag: string;
  /** The run's cache key. */
  key: string;
  seeds: readonly number[];
  cache: ResultCache<R>;
  /** Seeds computed at once (>= 1). */
  concurrency: number;
  log: LogFn;
  /** Compute one seed; `label` names it in progress lines ("seed 3 (3/16)"). */
  compute: (seed: number, label: string) => Promise<R>;
}

/** Every seed of a run, from the cache when present, else computed and stored at once (so an interrupted run resumes). */
export async function runSeedLoop<R extends SeedRunSummary>(loop: SeedLoop<R>): Promise<R[]> {
  const { tag, key, seeds, cache, concurrency, log } = loop;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  const label = (seed: number, i: number) => `seed ${seed} (${i + 1}/${seeds.length})`;
  const out: (R | null)[] = seeds.map((seed, i) => {
    const hit = cache.lookup(key, seed);
    if (hit) log(`${tag} ${label(seed, i)} ${describeHit(hit, hit.value.wallSeconds)}`);
    return hit?.value ?? null;
  });
  const todo = seeds.map((seed, i) => ({ seed, i })).filter(({ i }) => out[i] === null);
  const started = performance.now();
  let computed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const { seed, i } = todo[next++];
      const remaining = todo.length - computed;
      const perSeed = computed > 0 ? (performance.now() - started) / 1000 / computed : null;
      log(`${tag} ${label(seed, i)} starting | ETA all seeds ${formatDuration(perSeed === null ? null : perSeed * remaining)}`);
      const entry = await cache.getOrCompute(key, seed, () => loop.compute(seed, label(seed, i)));
      const r = entry.value;
      computed++;
      if (entry.computed) log(`${tag} seed ${seed} done: final val-acc ${r.finalValAccuracy.toFixed(3)}, train ${formatDuration(r.wallSeconds.train)}, decoders ${formatDuration(r.wallSeconds.decode)}, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
      else log(`${tag} seed ${seed} (computed by another process meanwhile) ${describeHit(entry, r.wallSeconds)}`);
      out[i] = r;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  return out as R[];
}
