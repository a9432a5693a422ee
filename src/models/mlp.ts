/**
 * Fully connected ReLU networks of the checkerboard experiments (PROTOCOL.md section 1), as plain
 * tfjs variables with a functional forward pass that returns every hidden layer (all are probed).
 * Initialisation is PyTorch's default for nn.Linear (weights and biases uniform on
 * +-1/sqrt(fan_in)), not tfjs's Glorot weights with zero biases.
 */
import { tf } from "../runtime/backend.js";
import { createRng } from "../runtime/rng.js";

export type FcNetName = "small-fc" | "medium-fc";

/** Hidden widths: Small FC 10-7-5-4-3, Medium FC 100-20-20-20 (paper, appendix B). */
export const FC_HIDDEN: Record<FcNetName, readonly number[]> = {
  "small-fc": [10, 7, 5, 4, 3],
  "medium-fc": [100, 20, 20, 20],
};

export interface Mlp {
  name: FcNetName;
  /** Probed layer names, input side first: layer1..layerL (post-ReLU activations). */
  layerNames: string[];
  widths: number[];
  /** [W1, b1, W2, b2, ..., Wout, bout]; W is [in, out]. */
  params: tf.Variable[];
  /** Logits and every hidden activation for a batch [rows, inputDim]. */
  forward(x: tf.Tensor2D): { hidden: tf.Tensor2D[]; logits: tf.Tensor2D };
  dispose(): void;
}

export function isFcNetName(name: string): name is FcNetName {
  return name in FC_HIDDEN;
}

/** Values of a PyTorch-default Linear layer: W [fanIn, fanOut] row-major, then b [fanOut]. */
export function torchLinearInit(fanIn: number, fanOut: number, rng: { uniform(lo: number, hi: number): number }) {
  const bound = 1 / Math.sqrt(fanIn);
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-bound, bound);
  const b = new Float32Array(fanOut);
  for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-bound, bound);
  return { w, b };
}

/**
 * Initial parameters of a network, layer by layer (hidden layers, then the output layer): W
 * [fanIn, fanOut] row-major and b, drawn in that order from createRng(seed). Every training engine
 * (tfjs here, the WebAssembly kernel in training/) starts from these values.
 */
export function fcInitialParams(name: FcNetName, inputDim: number, numClasses: number, seed: number): { fanIn: number; fanOut: number; w: Float32Array; b: Float32Array }[] {
  if (!isFcNetName(name)) throw new Error(`unknown network '${name}'; choose one of ${Object.keys(FC_HIDDEN).join(", ")}`);
  const rng = createRng(seed);
  const out = [];
  let fanIn = inputDim;
  for (const fanOut of [...FC_HIDDEN[name], numClasses]) {
    out.push({ fanIn, fanOut, ...torchLinearInit(fanIn, fanOut, rng) });
    fanIn = fanOut;
  }
  return out;
}

export function createMlp(name: FcNetName, inputDim: number, numClasses: number, seed: number): Mlp {
  if (!isFcNetName(name)) throw new Error(`unknown network '${name}'; choose one of ${Object.keys(FC_HIDDEN).join(", ")}`);
  const widths = [...FC_HIDDEN[name]];
  const params: tf.Variable[] = [];
  for (const [i, { fanIn, fanOut, w, b }] of fcInitialParams(name, inputDim, numClasses, seed).entries()) {
    // tidy disposes the initial-value tensors; variables survive it.
    params.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `${name}/W${i + 1}`)));
    params.push(tf.tidy(() => tf.variable(tf.tensor1d(b), true, `${name}/b${i + 1}`)));
  }
  const layers = widths.length;
  return {
    name,
    widths,
    layerNames: widths.map((_, i) => `layer${i + 1}`),
    params,
    forward(x) {
      const hidden: tf.Tensor2D[] = [];
      let h: tf.Tensor2D = x;
      for (let i = 0; i < layers; i++) {
        h = tf.relu(tf.add(tf.matMul(h, params[2 * i] as tf.Tensor2D), params[2 * i + 1])) as tf.Tensor2D;
        hidden.push(h);
      }
      const logits = tf.add(tf.matMul(h, params[2 * layers] as tf.Tensor2D), params[2 * layers + 1]) as tf.Tensor2D;
      return { hidden, logits };
    },
    dispose() {
      for (const p of params) p.dispose();
    },
  };
}
