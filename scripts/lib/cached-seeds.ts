/**
 * Status tools read the result cache without stopping at a bad entry: each one is reported (its
 * file and to delete it) and counted as missing, never used.
 */
import { CacheEntryError, type ResultCache } from "../../src/experiments/cache.js";

/** The cached value of (key, seed), or null; a bad entry's message is added to `problems` (once per file). */
export function cachedOrReport<T>(cache: ResultCache<T>, key: string, seed: number, problems: Set<string>): T | null {
  try {
    return cache.get(key, seed);
  } catch (err) {
    if (!(err instanceof CacheEntryError)) throw err;
    problems.add(err.message);
    return null;
  }
}
