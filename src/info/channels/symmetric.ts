/**
 * k-ary symmetric channel: Y uniform on {0..k-1}; the observed symbol X equals Y with probability
 * 1 - p and is each of the other k - 1 symbols with probability p / (k - 1); Z = e_X in R^k
 * (one-hot of the observed symbol, a discrete Z).
 *   I(Z;Y) = log2 k - H_b(p) - p log2(k - 1)  bits  (Cover & Thomas, ch. 7, symmetric channels; 0 log 0 = 0).
 */
import type { LabelledData } from "../../interfaces.js";
import type { Channel } from "./channel.js";
import { binaryEntropyBits } from "./entropy.js";
import { sampleUniformLabelRows, uniformProbs } from "./labels.js";
import { checkIntegerAtLeast, checkProbability } from "./validate.js";

const CLOSED_FORM_ERROR_BITS = 1e-12;

/** I(Z;Y) in bits of the k-ary symmetric channel with error probability p. */
export function symmetricChannelMiBits(k: number, p: number): number {
  checkIntegerAtLeast("symmetricChannelMiBits", "k", k, 2);
  checkProbability("symmetricChannelMiBits", "p", p);
  const mi = Math.log2(k) - binaryEntropyBits(p) - (p > 0 ? p * Math.log2(k - 1) : 0);
  // At p = (k-1)/k the terms cancel to 0 up to ~1e-16; never report a rounding-negative I.
  return Math.max(0, mi);
}

export interface SymmetricChannelOptions {
  /** Alphabet size, >= 2. */
  k: number;
  /** Probability that the observed symbol differs from Y, in [0, 1]. */
  errorProb: number;
}

export interface SymmetricChannel extends Channel {
  readonly k: number;
  readonly errorProb: number;
}

export function symmetricChannel(options: SymmetricChannelOptions): SymmetricChannel {
  const where = "symmetricChannel";
  const { k, errorProb } = options;
  checkIntegerAtLeast(where, "k", k, 2);
  checkProbability(where, "errorProb", errorProb);
  return {
    id: `k-ary-symmetric(k=${k},p=${errorProb})`,
    dim: k,
    numClasses: k,
    miErrorBits: CLOSED_FORM_ERROR_BITS,
    k,
    errorProb,
    sample(n: number, seed: number): LabelledData {
      return sampleUniformLabelRows(where, n, seed, k, k, (z, row, y, noiseRng) => {
        let x = y;
        if (noiseRng.next() < errorProb) {
          // Uniform over the k - 1 other symbols.
          const o = noiseRng.int(k - 1);
          x = o < y ? o : o + 1;
        }
        z[row + x] = 1;
      });
    },
    miBits: () => symmetricChannelMiBits(k, errorProb),
    hYBits: () => Math.log2(k),
    labelProbs: () => uniformProbs(k),
  };
}
