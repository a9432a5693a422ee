/**
 * SGD with momentum and weight decay, PyTorch semantics (torch.optim.SGD, dampening 0, no
 * Nesterov), with the state keyed by logical variable name:
 *
 *   g' = g + wd * w          (weight decay enters the gradient, before the momentum)
 *   buf = mu * buf + g'      (buf starts at 0, so the first step gives buf = g')
 *   w  = w - lr * buf
 *
 * Weight decay is applied to every variable passed in (PyTorch's SGD(net.parameters(),
 * weight_decay=wd) decays BN gammas/betas and biases too).
 *
 * Relation to tfjs: tf.train.momentum(lr, mu) does buf = mu*buf + g; w -= lr*buf, the same update
 * without decay; the same decay through a tfjs L2 penalty l2 * sum(w^2) in the loss needs
 * l2 = wd / 2 (its gradient is 2*l2*w). The tests check both correspondences on a toy problem.
 * We do not use tf.train.momentum itself because it keys its accumulators by POSITION in the
 * variable list (momentum_optimizer.js: this.accumulations[i]), so changing the trained set (the
 * fig5c head switch) would hand one variable another's momentum; and explicit, named state makes
 * checkpoints straightforward.
 */
import { tf } from "../runtime/backend.js";
import type { NamedVariable } from "../models/small-convnet.js";

export interface SgdMomentumOptions {
  /** Initial learning rate (> 0); change it with setLearningRate. */
  learningRate: number;
  /** Momentum mu in [0, 1). */
  momentum: number;
  /** PyTorch-style weight decay wd >= 0 (adds wd * w to the gradient). */
  weightDecay: number;
}

/** One momentum buffer as plain numbers, for checkpoints. */
export interface MomentumBufferState {
  name: string;
  shape: number[];
  values: Float32Array;
}

export class SgdMomentum {
  private lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  private readonly buffers = new Map<string, tf.Variable>();
  private steps = 0;

  constructor(opts: SgdMomentumOptions) {
    if (!(opts.learningRate > 0) || !Number.isFinite(opts.learningRate)) throw new Error(`SgdMomentum: learningRate must be a finite number > 0, got ${opts.learningRate}`);
    if (!(opts.momentum >= 0 && opts.momentum < 1)) throw new Error(`SgdMomentum: momentum must be in [0, 1), got ${opts.momentum}`);
    if (!(opts.weightDecay >= 0) || !Number.isFinite(opts.weightDecay)) throw new Error(`SgdMomentum: weightDecay must be a finite number >= 0, got ${opts.weightDecay}`);
    this.lr = opts.learningRate;
    this.momentum = opts.momentum;
    this.weightDecay = opts.weightDecay;
  }

  get learningRate(): number {
    return this.lr;
  }

  /** Number of applyGradients calls so far. */
  get iterations(): number {
    return this.steps;
  }

  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`SgdMomentum: learningRate must be a finite number > 0, got ${lr}`);
    this.lr = lr;
  }

  /**
   * One update of `params` with `grads` keyed by each variable's ENGINE name (what
   * tf.variableGrads returns). A variable without a gradient is left alone, buffer included.
   */
  applyGradients(params: readonly NamedVariable[], grads: Record<string, tf.Tensor>): void {
    for (const { name, variable } of params) {
      const g = grads[variable.name];
      if (g === undefined) continue;
      let buf = this.buffers.get(name);
      if (buf === undefined) {
        buf = tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
        this.buffers.set(name, buf);
      } else if (!tf.util.arraysEqual(buf.shape, variable.shape)) {
        throw new Error(`SgdMomentum: ${name} has shape [${variable.shape}] but its momentum buffer [${buf.shape}]`);
      }
      const b = buf;
      tf.tidy(() => {
        const gd = this.weightDecay > 0 ? tf.add(g, tf.mul(variable, this.weightDecay)) : g;
        const nb = tf.add(tf.mul(b, this.momentum), gd);
        b.assign(nb);
        variable.assign(tf.sub(variable, tf.mul(nb, this.lr)));
      });
    }
    this.steps++;
  }

  /** Momentum buffers (sorted by name) and the step count, as plain numbers. */
  async getState(): Promise<{ iterations: number; buffers: MomentumBufferState[] }> {
    const buffers: MomentumBufferState[] = [];
    for (const name of [...this.buffers.keys()].sort()) {
      const v = this.buffers.get(name)!;
      buffers.push({ name, shape: [...v.shape], values: Float32Array.from((await v.data()) as Float32Array) });
    }
    return { iterations: this.steps, buffers };
  }

  /** Replace the state (buffers not listed start at zero again). */
  setState(state: { iterations: number; buffers: readonly MomentumBufferState[] }): void {
    for (const v of this.buffers.values()) v.dispose();
    this.buffers.clear();
    for (const b of state.buffers) {
      const size = b.shape.reduce((a, c) => a * c, 1);
      if (b.values.length !== size) throw new Error(`SgdMomentum.setState: ${b.name} has ${b.values.length} values for shape [${b.shape}]`);
      this.buffers.set(b.name, tf.tidy(() => tf.variable(tf.tensor(b.values, b.shape, "float32"), false)));
    }
    this.steps = state.iterations;
  }

  dispose(): void {
    for (const v of this.buffers.values()) v.dispose();
    this.buffers.clear();
  }
}
