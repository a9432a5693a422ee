/**
 * Uniform intervals (Gao, Kannan, Oh, Viswanath 2017, "Estimating mutual information for
 * discrete-continuous mixtures"): Y uniform on {0..m-1}, Z | Y ~ U(Y, Y + 2), Z in R^1.
 *
 * p(z) = 1/(2m) on [0, 1) and [m, m+1), 1/m on [1, m); h(Z|Y) = ln 2, so
 *   I(Z;Y) = ln m - (m - 1) ln 2 / m  nats  =  log2 m - (m - 1) / m  bits.
 */
import type { LabelledData } from "../../interfaces.js";
import type { Channel } from "./channel.js";
import { sampleUniformLabelRows, uniformProbs } from "./labels.js";
import { checkIntegerAtLeast } from "./validate.js";

/** Closed form: only floating-point rounding. */
const CLOSED_FORM_ERROR_BITS = 1e-12;

/** I(Z;Y) in bits for m classes. */
export function uniformIntervalsMiBits(m: number): number {
  checkIntegerAtLeast("uniformIntervalsMiBits", "m", m, 2);
  return (Math.log(m) - ((m - 1) * Math.LN2) / m) / Math.LN2;
}

export interface UniformIntervalsOptions {
  /** Number of classes, >= 2. */
  m: number;
}

export interface UniformIntervalsChannel extends Channel {
  readonly m: number;
}

export function uniformIntervals(options: UniformIntervalsOptions): UniformIntervalsChannel {
  const where = "uniformIntervals";
  const { m } = options;
  checkIntegerAtLeast(where, "m", m, 2);
  return {
    id: `uniform-intervals(m=${m})`,
    dim: 1,
    numClasses: m,
    miErrorBits: CLOSED_FORM_ERROR_BITS,
    m,
    sample(n: number, seed: number): LabelledData {
      return sampleUniformLabelRows(where, n, seed, m, 1, (z, r, y, noiseRng) => {
        z[r] = y + noiseRng.uniform(0, 2);
      });
    },
    miBits: () => uniformIntervalsMiBits(m),
    hYBits: () => Math.log2(m),
    labelProbs: () => uniformProbs(m),
  };
}
