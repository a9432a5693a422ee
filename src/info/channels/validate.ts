/** Parameter checks shared by the channels; every error names the channel and quotes the bad value. */

export function checkFinite(where: string, name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`${where}: ${name} must be a finite number, got ${String(x)}`);
  }
}

export function checkPositive(where: string, name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new Error(`${where}: ${name} must be a finite number > 0, got ${String(x)}`);
  }
}

export function checkNonNegative(where: string, name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new Error(`${where}: ${name} must be a finite number >= 0, got ${String(x)}`);
  }
}

export function checkProbability(where: string, name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new Error(`${where}: ${name} must be a probability in [0, 1], got ${String(x)}`);
  }
}

export function checkIntegerAtLeast(where: string, name: string, x: number, min: number): void {
  if (typeof x !== "number" || !Number.isInteger(x) || x < min) {
    throw new Error(`${where}: ${name} must be an integer >= ${min}, got ${String(x)}`);
  }
}

/** Tolerance on the sum of a user-given label distribution (rounding of decimal inputs). */
const PROBS_SUM_TOLERANCE = 1e-9;

/** A label distribution over at least two classes: finite, non-negative, summing to 1. */
export function checkLabelProbs(where: string, probs: readonly number[]): void {
  if (!Array.isArray(probs) || probs.length < 2) {
    throw new Error(`${where}: labelProbs must list at least 2 class probabilities, got ${JSON.stringify(probs)}`);
  }
  let sum = 0;
  for (const p of probs) {
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0) {
      throw new Error(`${where}: labelProbs must be finite and >= 0, got ${JSON.stringify(probs)}`);
    }
    sum += p;
  }
  if (Math.abs(sum - 1) > PROBS_SUM_TOLERANCE) {
    throw new Error(`${where}: labelProbs must sum to 1, got sum ${sum} for ${JSON.stringify(probs)}`);
  }
}

/** Row count of a sample: an integer >= 0. */
export function checkRows(where: string, n: number): void {
  checkIntegerAtLeast(where, "n (rows)", n, 0);
}
