/**
 * A small fixed set of channels spanning I(Z;Y) from 0 to ~2.9 bits, for tables of every
 * estimator against every known-MI channel. Ids are unique; the list order is stable.
 */
import { affineTransform } from "./affine.js";
import { binaryAntipodal } from "./binary-antipodal.js";
import type { Channel } from "./channel.js";
import { erasure } from "./erasure.js";
import { independence } from "./independence.js";
import { oneHotGaussian } from "./one-hot-gaussian.js";
import { symmetricChannel } from "./symmetric.js";
import { uniformIntervals } from "./uniform-intervals.js";

export function standardChannels(): Channel[] {
  return [
    independence({ k: 4, dim: 4 }),
    binaryAntipodal({ mu: 0.5, sigma: 1 }),
    binaryAntipodal({ mu: 2, sigma: 1 }),
    oneHotGaussian({ k: 4, amplitude: 2, sigma: 1 }),
    oneHotGaussian({ k: 10, amplitude: 3, sigma: 1, dim: 16 }),
    uniformIntervals({ m: 4 }),
    erasure({ labelProbs: [0.5, 0.25, 0.125, 0.125], erasureProb: 0.3 }),
    erasure({ k: 4, erasureProb: 0.5, encoding: "interval" }),
    symmetricChannel({ k: 4, errorProb: 0.2 }),
    affineTransform(oneHotGaussian({ k: 4, amplitude: 2, sigma: 1 }), { seed: 7 }),
  ];
}
