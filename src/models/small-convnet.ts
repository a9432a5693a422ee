/**
 * Convolutional networks for CIFAR as plain tfjs variables with a functional forward pass (like
 * mlp.ts): the shared contract `ConvNet` and its building blocks (conv, batch-norm, linear, heads),
 * plus the small convnet used for ci-scale pipeline checks on the cpu backend. resnet18.ts and
 * allcnn.ts build on the blocks here. (The blocks would sit better in their own file, e.g.
 * conv-blocks.ts; they live here because this change was limited to the three model files.)
 *
 * Conventions shared by every network here:
 * - Input: normalised NHWC float32 [b, 32, 32, 3] (see data/cifar-batch.ts).
 * - Convolution filters [k, k, cin, cout]; padding is PyTorch's symmetric zero padding (k-1)/2
 *   given as a number, NOT tfjs 'same' (which pads a stride-2 3x3 conv only at the bottom/right
 *   and so samples different pixels than the PyTorch reference).
 * - Initialisation is PyTorch's default (nn.Conv2d / nn.Linear: kaiming_uniform(a=sqrt(5)), i.e.
 *   weights and biases uniform on +-1/sqrt(fan_in), fan_in = k*k*cin), each tensor drawn from its
 *   own stream deriveSeed(seed, name) so adding a layer never shifts another's values.
 * - Batch-norm follows PyTorch's BatchNorm2d, chosen deliberately over the Keras defaults:
 *   eps = 1e-5; running statistics updated with PyTorch momentum 0.1 (= Keras momentum 0.9):
 *   running = 0.9 * running + 0.1 * batch, with the UNBIASED batch variance (n/(n-1), n = b*h*w)
 *   for the running variance as PyTorch does; gamma = 1, beta = 0, running mean 0, variance 1 at
 *   init. Training mode normalises with the batch statistics (biased variance) and updates the
 *   running ones; evaluation mode normalises with the running ones.
 * - Convolutions followed by batch-norm have no bias (it would be cancelled by the BN mean).
 * - Heads: one linear (or, for All-CNN, 1x1-conv) classifier per label set on the same features.
 *   A two-head network (fine + coarse) is how the fig5c label switch is done: training on the fine
 *   labels uses the trunk + fine head; after the switch, the trunk + coarse head. The coarse head
 *   is initialised at construction and untouched (no gradient, no weight decay) until the switch,
 *   so this equals "replace the head by a freshly initialised one when switching", with the
 *   trunk's optimizer state carried over.
 */
import { tf } from "../runtime/backend.js";
import { createRng, deriveSeed } from "../runtime/rng.js";

export type ConvNetArch = "resnet18" | "allcnn" | "small-convnet";

/** One classifier head: the label set it predicts and its number of classes. */
export interface HeadSpec {
  /** Label-set name; the CIFAR trainer uses "fine" and "coarse". */
  name: string;
  classes: number;
}

/** A variable with its stable logical name (checkpoints and optimizer state are keyed by it). */
export interface NamedVariable {
  /** Logical name, e.g. "stage2.block1.conv1.w"; unique within a network. */
  name: string;
  variable: tf.Variable;
}

export interface ConvNetOutput {
  /** The probed layer, [b, featureDim]. */
  features: tf.Tensor2D;
  /** Logits of the requested head, [b, classes]. */
  logits: tf.Tensor2D;
}

export interface ForwardOptions {
  /** Batch statistics + running-statistics update (true) or running statistics (false). */
  training: boolean;
  /** Head name; default the first head. */
  head?: string;
}

/** A CIFAR network: trunk, probed feature layer, one or more heads. */
export interface ConvNet {
  arch: ConvNetArch;
  heads: readonly HeadSpec[];
  /** Width of the probed layer. */
  featureDim: number;
  /** What the probed layer is, in words. */
  probedLayer: string;
  /** Every trainable variable (trunk, then each head), in a fixed order. */
  trainable: readonly NamedVariable[];
  /** Non-trainable state: the batch-norm running means and variances. */
  state: readonly NamedVariable[];
  /** Trunk variables plus those of one head: what a step on that head's label trains. */
  trainableFor(head: string): NamedVariable[];
  /**
   * Forward pass on normalised NHWC images [b, 32, 32, 3]. In training mode it also updates the
   * batch-norm running statistics (by assignment, so call it once per optimisation step).
   */
  forward(x: tf.Tensor4D, opts: ForwardOptions): ConvNetOutput;
  dispose(): void;
}

/** Number of scalars in trainable and non-trainable variables. */
export function countParams(net: ConvNet): { trainable: number; nonTrainable: number } {
  const n = (vs: readonly NamedVariable[]) => vs.reduce((s, v) => s + v.variable.size, 0);
  return { trainable: n(net.trainable), nonTrainable: n(net.state) };
}

/** PyTorch batch-norm constants (see the header). */
export const BN_EPSILON = 1e-5;
/** PyTorch momentum: weight of the batch statistic in the running average (Keras momentum 0.9). */
export const BN_MOMENTUM = 0.1;

let instanceCounter = 0;

/** Conv filter and optional bias. */
export interface ConvLayer {
  w: tf.Variable;
  b: tf.Variable | null;
  stride: number;
  pad: number;
}

export interface BnLayer {
  gamma: tf.Variable;
  beta: tf.Variable;
  mean: tf.Variable;
  variance: tf.Variable;
}

export interface LinearLayer {
  w: tf.Variable;
  b: tf.Variable;
}

/**
 * Creates the variables of one network instance. Engine names carry a per-instance prefix (tfjs
 * refuses two variables of one name), logical names do not.
 */
export class ParamBuilder {
  readonly trainable: NamedVariable[] = [];
  readonly state: NamedVariable[] = [];
  private readonly prefix: string;

  constructor(
    arch: string,
    private readonly seed: number,
  ) {
    this.prefix = `${arch}#${++instanceCounter}`;
  }

  private variable(name: string, shape: number[], values: Float32Array, trainable: boolean): tf.Variable {
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, "float32"), trainable, `${this.prefix}/${name}`));
    (trainable ? this.trainable : this.state).push({ name, variable: v });
    return v;
  }

  private uniform(name: string, size: number, bound: number): Float32Array {
    const rng = createRng(deriveSeed(this.seed, name));
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = rng.uniform(-bound, bound);
    return out;
  }

  /** k x k convolution, PyTorch init, symmetric padding (k-1)/2. */
  conv(name: string, k: number, cin: number, cout: number, stride: number, bias: boolean): ConvLayer {
    const fanIn = k * k * cin;
    const bound = 1 / Math.sqrt(fanIn);
    const w = this.variable(`${name}.w`, [k, k, cin, cout], this.uniform(`${name}.w`, fanIn * cout, bound), true);
    const b = bias ? this.variable(`${name}.b`, [cout], this.uniform(`${name}.b`, cout, bound), true) : null;
    return { w, b, stride, pad: (k - 1) / 2 };
  }

  bn(name: string, c: number): BnLayer {
    return {
      gamma: this.variable(`${name}.gamma`, [c], new Float32Array(c).fill(1), true),
      beta: this.variable(`${name}.beta`, [c], new Float32Array(c), true),
      mean: this.variable(`${name}.running_mean`, [c], new Float32Array(c), false),
      variance: this.variable(`${name}.running_var`, [c], new Float32Array(c).fill(1), false),
    };
  }

  linear(name: string, fanIn: number, fanOut: number): LinearLayer {
    const bound = 1 / Math.sqrt(fanIn);
    return {
      w: this.variable(`${name}.w`, [fanIn, fanOut], this.uniform(`${name}.w`, fanIn * fanOut, bound), true),
      b: this.variable(`${name}.b`, [fanOut], this.uniform(`${name}.b`, fanOut, bound), true),
    };
  }
}

/**
 * Filter gradient of a NHWC convolution with symmetric zero padding, in plain JavaScript:
 * dW[ky, kx, ci, co] = sum over (b, oy, ox) of x[b, oy*s - p + ky, ox*s - p + kx, ci] * dy[b, oy, ox, co],
 * accumulated in float64 in a fixed order (deterministic). Used on the cpu and wasm backends: the
 * cpu backend's Conv2DBackpropFilter kernel is about 100x slower than this loop (12.8 s for one
 * 3x3 16->32 conv on 8 images, measured here) and the wasm backend has none.
 */
export function conv2dFilterGradJs(
  x: Float32Array,
  xShape: readonly number[],
  dy: Float32Array,
  dyShape: readonly number[],
  k: number,
  stride: number,
  pad: number,
): Float32Array {
  const [b, h, w, cin] = xShape;
  const [, oh, ow, cout] = dyShape;
  const acc = new Float64Array(k * k * cin * cout);
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const dyOff = ((n * oh + oy) * ow + ox) * cout;
        for (let ky = 0; ky < k; ky++) {
          const iy = oy * stride - pad + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < k; kx++) {
            const ix = ox * stride - pad + kx;
            if (ix < 0 || ix >= w) continue;
            const xOff = ((n * h + iy) * w + ix) * cin;
            const wOff = (ky * k + kx) * cin * cout;
            for (let ci = 0; ci < cin; ci++) {
              const xv = x[xOff + ci];
              if (xv === 0) continue;
              const row = wOff + ci * cout;
              for (let co = 0; co < cout; co++) acc[row + co] += xv * dy[dyOff + co];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * conv2d whose filter gradient is conv2dFilterGradJs (input gradient: tfjs's conv2dTranspose,
 * i.e. Conv2DBackpropInput). Same forward values as tf.conv2d.
 */
function conv2dJsFilterGrad(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xt = args[0] as tf.Tensor4D;
    const wt = args[1] as tf.Tensor4D;
    (args[2] as tf.GradSaveFunc)([xt, wt]);
    return {
      value: tf.conv2d(xt, wt, stride, pad),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor4D;
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dx = tf.conv2dTranspose(g, ws, xs.shape, stride, pad);
        const dwValues = conv2dFilterGradJs(xs.dataSync() as Float32Array, xs.shape, g.dataSync() as Float32Array, g.shape, ws.shape[0], stride, pad);
        return [dx, tf.tensor4d(dwValues, ws.shape)];
      },
    };
  });
  return f(x, w) as tf.Tensor4D;
}

/** Backends whose convolution filter gradient we compute in JavaScript (see conv2dFilterGradJs). */
const JS_FILTER_GRAD_BACKENDS = new Set(["cpu", "wasm"]);

export function applyConv(layer: ConvLayer, x: tf.Tensor4D): tf.Tensor4D {
  const w = layer.w as tf.Tensor4D;
  const y = JS_FILTER_GRAD_BACKENDS.has(tf.getBackend()) ? conv2dJsFilterGrad(x, w, layer.stride, layer.pad) : tf.conv2d(x, w, layer.stride, layer.pad);
  return layer.b ? tf.add(y, layer.b) : y;
}

/** Batch-norm over N, H, W (4-D input). Training mode updates the running statistics. */
export function applyBn(layer: BnLayer, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
  if (!training) {
    return tf.batchNorm4d(x, layer.mean as tf.Tensor1D, layer.variance as tf.Tensor1D, layer.beta as tf.Tensor1D, layer.gamma as tf.Tensor1D, BN_EPSILON);
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  const n = x.shape[0] * x.shape[1] * x.shape[2];
  const unbiased = n > 1 ? n / (n - 1) : 1;
  // Running statistics. Under a gradient tape these ops are recorded but lie on no path to the
  // loss, so backprop prunes them; the assigned tensors survive the tidy (variables hold them).
  tf.tidy(() => {
    layer.mean.assign(tf.add(tf.mul(layer.mean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
    layer.variance.assign(tf.add(tf.mul(layer.variance, 1 - BN_MOMENTUM), tf.mul(variance, BN_MOMENTUM * unbiased)));
  });
  return tf.batchNorm4d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, layer.beta as tf.Tensor1D, layer.gamma as tf.Tensor1D, BN_EPSILON);
}

export function applyLinear(layer: LinearLayer, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
}

/** Global average pool [b, h, w, c] -> [b, c]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

export function checkHeads(arch: string, heads: readonly HeadSpec[]): void {
  if (heads.length === 0) throw new Error(`${arch}: heads is empty; give at least one { name, classes }`);
  const seen = new Set<string>();
  for (const h of heads) {
    if (!h.name || seen.has(h.name)) throw new Error(`${arch}: head name ${JSON.stringify(h.name)} is empty or repeated`);
    if (!Number.isInteger(h.classes) || h.classes < 2) throw new Error(`${arch}: head ${h.name} classes must be an integer >= 2, got ${h.classes}`);
    seen.add(h.name);
  }
}

export function checkSeedArg(arch: string, seed: number): void {
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) throw new Error(`${arch}: seed must be an integer in [1, 2^32-1], got ${seed}`);
}

export function checkInput(arch: string, x: tf.Tensor): void {
  if (x.rank !== 4 || x.shape[1] !== 32 || x.shape[2] !== 32 || x.shape[3] !== 3) {
    throw new Error(`${arch}: input must be NHWC [b, 32, 32, 3], got [${x.shape.join(", ")}]`);
  }
}

/** Head lookup with a clear error; `undefined` selects the first head. */
export function pickHead<T>(arch: string, heads: readonly HeadSpec[], layers: Map<string, T>, head: string | undefined): T {
  const name = head ?? heads[0].name;
  const layer = layers.get(name);
  if (layer === undefined) throw new Error(`${arch}: no head ${JSON.stringify(name)}; heads are ${heads.map((h) => h.name).join(", ")}`);
  return layer;
}

/** Variables whose logical name starts with `head.<name>.` belong to that head; the rest to the trunk. */
export function trunkPlusHead(arch: string, heads: readonly HeadSpec[], all: readonly NamedVariable[], head: string): NamedVariable[] {
  if (!heads.some((h) => h.name === head)) throw new Error(`${arch}: no head ${JSON.stringify(head)}; heads are ${heads.map((h) => h.name).join(", ")}`);
  return all.filter((v) => !v.name.startsWith("head.") || v.name.startsWith(`head.${head}.`));
}

/**
 * The ConvNet members that follow from the architecture, the heads and the ParamBuilder alone: a
 * copy of the head list, the variables, trainableFor (trunkPlusHead) and dispose (every variable).
 */
export function paramBackedMembers(
  arch: ConvNetArch,
  heads: readonly HeadSpec[],
  pb: ParamBuilder,
): Pick<ConvNet, "arch" | "heads" | "trainable" | "state" | "trainableFor" | "dispose"> {
  return {
    arch,
    heads: heads.map((h) => ({ ...h })),
    trainable: pb.trainable,
    state: pb.state,
    trainableFor: (head) => trunkPlusHead(arch, heads, pb.trainable, head),
    dispose() {
      for (const v of [...pb.trainable, ...pb.state]) v.variable.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The small convnet.

export interface SmallConvNetOptions {
  heads: readonly HeadSpec[];
  seed: number;
  /**
   * Channels of the three 3x3 conv-BN-ReLU layers (strides 1, 2, 2; 32 -> 32 -> 16 -> 8 pixels);
   * default [16, 32, 64]. The probed layer is the global average pool of the last (width
   * widths[2]).
   */
  widths?: readonly [number, number, number];
}

export const SMALL_CONVNET_WIDTHS: readonly [number, number, number] = [16, 32, 64];
const SMALL_STRIDES = [1, 2, 2];

/**
 * Small convnet for pipeline checks (a few hundred images on the cpu backend; the wasm backend
 * cannot train convolutions: it lacks Conv2DBackpropFilter): three conv(3x3, no bias)-BN-ReLU
 * layers, global average pool (the probed features), one linear head per label set.
 */
export function createSmallConvNet(opts: SmallConvNetOptions): ConvNet {
  const arch = "small-convnet";
  checkHeads(arch, opts.heads);
  checkSeedArg(arch, opts.seed);
  const widths = opts.widths ?? SMALL_CONVNET_WIDTHS;
  if (widths.length !== 3 || widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new Error(`${arch}: widths must be three positive integers, got ${JSON.stringify(widths)}`);
  }
  const pb = new ParamBuilder(arch, opts.seed);
  const convs: ConvLayer[] = [];
  const bns: BnLayer[] = [];
  let cin = 3;
  widths.forEach((w, i) => {
    convs.push(pb.conv(`conv${i + 1}`, 3, cin, w, SMALL_STRIDES[i], false));
    bns.push(pb.bn(`bn${i + 1}`, w));
    cin = w;
  });
  const headLayers = new Map(opts.heads.map((h) => [h.name, pb.linear(`head.${h.name}`, cin, h.classes)] as const));
  const net: ConvNet = {
    ...paramBackedMembers(arch, opts.heads, pb),
    featureDim: cin,
    probedLayer: `global average pool of conv3 (after BN-ReLU), ${cin}-d: the input of the linear head`,
    forward(x, { training, head }) {
      checkInput(arch, x);
      const linear = pickHead(arch, opts.heads, headLayers, head);
      let h = x;
      for (let i = 0; i < convs.length; i++) h = tf.relu(applyBn(bns[i], applyConv(convs[i], h), training));
      const features = globalAvgPool(h);
      return { features, logits: applyLinear(linear, features) };
    },
  };
  return net;
}
