/**
 * Contract of an analytic channel: a sampler of (Z, Y) pairs whose mutual information I(Z;Y) is
 * known in closed form or to high numerical precision. Channels are the ground truth of the
 * estimator's property tests (each channel's closed form is in its own module beside this one). Types only.
 */
import type { LabelledData } from "../../interfaces.js";

export interface Channel {
  /** Name built from the parameters, e.g. `binary-antipodal(mu=1,sigma=0.5)`: equal ids, equal distributions. */
  readonly id: string;
  /** Width of a row of Z. */
  readonly dim: number;
  /** Number of label values k; labels lie in {0..k-1}. */
  readonly numClasses: number;
  /**
   * Bound on |miBits() - I(Z;Y)| from the numerical method, bits: ~1e-12 for closed forms, the
   * quadrature's bound otherwise. Add it to, never use it instead of, a test's own tolerance.
   */
  readonly miErrorBits: number;
  /**
   * n i.i.d. rows drawn from the joint law; same (n, seed) gives identical arrays. Each channel
   * derives its label and noise streams from `seed` by name. Z is stored in float32; the rounding
   * changes I by far less than any estimator tolerance.
   */
  sample(n: number, seed: number): LabelledData;
  /** I(Z;Y) in bits. */
  miBits(): number;
  /** H(Y) in bits. */
  hYBits(): number;
  /** P(Y = y) for y in 0..k-1. */
  labelProbs(): number[];
}
