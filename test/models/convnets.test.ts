import { describe, expect, it } from "vitest";
import { createAllCnn } from "../../src/models/allcnn.js";
import { createResNet18 } from "../../src/models/resnet18.js";
import {
  applyBn,
  applyConv,
  BN_EPSILON,
  BN_MOMENTUM,
  conv2dFilterGradJs,
  countParams,
  createSmallConvNet,
  ParamBuilder,
  type ConvNet,
} from "../../src/models/small-convnet.js";
import { initBackend, tf } from "../../src/runtime/backend.js";

/** Parameter arithmetic, written out: conv k*k*cin*cout (no bias), BN 2c trainable + 2c running, linear in*out + out. */
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout;
const bnT = (c: number) => 2 * c; // gamma, beta
const bnS = (c: number) => 2 * c; // running mean, running variance
const linear = (fanIn: number, fanOut: number) => fanIn * fanOut + fanOut;

function valuesOf(net: ConvNet): Map<string, Float32Array> {
  return new Map(net.trainable.map((v) => [v.name, v.variable.dataSync() as Float32Array]));
}

describe("parameter counts", () => {
  it("ResNet-18 (pre-activation, CIFAR) matches the hand count", async () => {
    await initBackend("cpu");
    // stem; per stage (cin -> width, first block strided): block1 = BN(cin) conv3(cin,width) BN(width)
    // conv3(width,width) [+ 1x1 shortcut conv(cin,width) when cin != width or stride 2]; block2 = BN(width)
    // conv3 BN(width) conv3; final BN(512); linear 512 -> classes.
    let trainable = conv(3, 3, 64);
    let running = 0;
    const stages: [number, number, boolean][] = [[64, 64, false], [64, 128, true], [128, 256, true], [256, 512, true]];
    for (const [cin, width, shortcut] of stages) {
      trainable += bnT(cin) + conv(3, cin, width) + bnT(width) + conv(3, width, width) + (shortcut ? conv(1, cin, width) : 0);
      trainable += bnT(width) + conv(3, width, width) + bnT(width) + conv(3, width, width);
      running += bnS(cin) + bnS(width) + bnS(width) + bnS(width);
    }
    trainable += bnT(512) + linear(512, 10);
    running += bnS(512);
    expect(trainable).toBe(11_172_170);
    expect(running).toBe(7_808);
    const net = createResNet18({ heads: [{ name: "coarse", classes: 10 }], seed: 1 });
    try {
      expect(countParams(net)).toEqual({ trainable, nonTrainable: running });
      expect(net.featureDim).toBe(512);
    } finally {
      net.dispose();
    }
  });

  it("All-CNN matches the hand count", async () => {
    await initBackend("cpu");
    const k = [3, 3, 3, 3, 3, 3, 3, 1, 1];
    const ch = [3, 96, 96, 192, 192, 192, 192, 192, 192, 10];
    let trainable = 0;
    let running = 0;
    for (let i = 0; i < 9; i++) {
      trainable += conv(k[i], ch[i], ch[i + 1]) + bnT(ch[i + 1]);
      running += bnS(ch[i + 1]);
    }
    // 2592 + 82944 + 165888 + 4 * 331776 + 36864 + 1920 (convs) + 2 * (2*96 + 6*192 + 10) (BN)
    expect(trainable).toBe(2592 + 82944 + 165888 + 4 * 331776 + 36864 + 1920 + 2 * (2 * 96 + 6 * 192 + 10));
    const net = createAllCnn({ heads: [{ name: "coarse", classes: 10 }], seed: 1 });
    try {
      expect(countParams(net)).toEqual({ trainable, nonTrainable: running });
    } finally {
      net.dispose();
    }
  });

  it("small convnet and two-head networks match the hand count", async () => {
    await initBackend("cpu");
    const net = createSmallConvNet({ heads: [{ name: "fine", classes: 100 }, { name: "coarse", classes: 20 }], seed: 1 });
    try {
      const trunk = conv(3, 3, 16) + bnT(16) + conv(3, 16, 32) + bnT(32) + conv(3, 32, 64) + bnT(64);
      expect(countParams(net)).toEqual({ trainable: trunk + linear(64, 100) + linear(64, 20), nonTrainable: bnS(16) + bnS(32) + bnS(64) });
      const n = (vs: { variable: tf.Variable }[]) => vs.reduce((s, v) => s + v.variable.size, 0);
      expect(n(net.trainableFor("fine"))).toBe(trunk + linear(64, 100));
      expect(n(net.trainableFor("coarse"))).toBe(trunk + linear(64, 20));
      expect(() => net.trainableFor("nope")).toThrow(/no head "nope"; heads are fine, coarse/);
    } finally {
      net.dispose();
    }
    const two = createResNet18({ heads: [{ name: "fine", classes: 100 }, { name: "coarse", classes: 20 }], seed: 1 });
    try {
      expect(countParams(two).trainable).toBe(11_172_170 - linear(512, 10) + linear(512, 100) + linear(512, 20));
    } finally {
      two.dispose();
    }
  });
});

describe("forward passes", () => {
  it("ResNet-18: 512-d features are the input of the linear head; eval mode is per-image", async () => {
    await initBackend("cpu");
    const net = createResNet18({ heads: [{ name: "coarse", classes: 2 }], seed: 3 });
    try {
      const x = tf.randomNormal([2, 32, 32, 3], 0, 1, "float32", 5) as tf.Tensor4D;
      const out = net.forward(x, { training: false });
      expect(out.features.shape).toEqual([2, 512]);
      expect(out.logits.shape).toEqual([2, 2]);
      const head = net.trainable.filter((v) => v.name.startsWith("head.coarse."));
      expect(head.map((v) => v.name)).toEqual(["head.coarse.w", "head.coarse.b"]);
      const manual = tf.add(tf.matMul(out.features, head[0].variable as tf.Tensor2D), head[1].variable);
      expect(Array.from(manual.dataSync())).toEqual(Array.from(out.logits.dataSync()));
      expect(Math.min(...out.features.dataSync())).toBeGreaterThanOrEqual(0); // after the final ReLU
      // Evaluation mode uses running statistics: image 1 alone gives its row of the pair.
      const one = net.forward(tf.slice(x, [1, 0, 0, 0], [1, 32, 32, 3]) as tf.Tensor4D, { training: false });
      const a = one.features.dataSync();
      const b = out.features.dataSync().subarray(512);
      for (let i = 0; i < 512; i += 37) expect(a[i]).toBeCloseTo(b[i], 4);
      tf.dispose([x, out.features, out.logits, manual, one.features, one.logits]);
    } finally {
      net.dispose();
    }
  });

  it("All-CNN: 192-d pooled features, non-negative pooled class maps as logits", async () => {
    await initBackend("cpu");
    const net = createAllCnn({ heads: [{ name: "fine", classes: 100 }, { name: "coarse", classes: 20 }], seed: 3 });
    try {
      const x = tf.randomNormal([1, 32, 32, 3], 0, 1, "float32", 5) as tf.Tensor4D;
      const fine = net.forward(x, { training: false, head: "fine" });
      const coarse = net.forward(x, { training: false, head: "coarse" });
      expect(fine.features.shape).toEqual([1, 192]);
      expect(fine.logits.shape).toEqual([1, 100]);
      expect(coarse.logits.shape).toEqual([1, 20]);
      expect(Array.from(coarse.features.dataSync())).toEqual(Array.from(fine.features.dataSync()));
      expect(Math.min(...coarse.logits.dataSync())).toBeGreaterThanOrEqual(0);
      expect(() => net.forward(x, { training: false, head: "parity" })).toThrow(/no head "parity"/);
      expect(() => net.forward(tf.zeros([1, 28, 28, 3]) as tf.Tensor4D, { training: false })).toThrow(/NHWC \[b, 32, 32, 3\], got \[1, 28, 28, 3\]/);
      tf.dispose([x, fine.features, fine.logits, coarse.features, coarse.logits]);
    } finally {
      net.dispose();
    }
  });
});

describe("initialisation", () => {
  it("same seed same weights, another seed other weights; adding a head leaves the trunk and the other head alone", async () => {
    await initBackend("cpu");
    const a = createSmallConvNet({ heads: [{ name: "coarse", classes: 20 }], seed: 7 });
    const b = createSmallConvNet({ heads: [{ name: "fine", classes: 100 }, { name: "coarse", classes: 20 }], seed: 7 });
    const c = createSmallConvNet({ heads: [{ name: "coarse", classes: 20 }], seed: 8 });
    try {
      const va = valuesOf(a);
      const vb = valuesOf(b);
      const vc = valuesOf(c);
      for (const [name, v] of va) expect(Array.from(vb.get(name)!), name).toEqual(Array.from(v));
      expect(Array.from(vc.get("conv1.w")!)).not.toEqual(Array.from(va.get("conv1.w")!));
      // PyTorch default: uniform on +-1/sqrt(fan_in); conv1 fan_in = 3*3*3.
      const w = va.get("conv1.w")!;
      const bound = 1 / Math.sqrt(27);
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
      expect(Array.from(va.get("bn1.gamma")!)).toEqual(new Array(16).fill(1));
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });
});

describe("building blocks", () => {
  it("pads symmetrically like PyTorch (not tfjs 'same') for a stride-2 3x3 conv", async () => {
    await initBackend("cpu");
    const pb = new ParamBuilder("pad-test", 1);
    const layer = pb.conv("c", 3, 1, 1, 2, false);
    layer.w.assign(tf.ones([3, 3, 1, 1]));
    const y = applyConv(layer, tf.ones([1, 32, 32, 1]) as tf.Tensor4D);
    expect(y.shape).toEqual([1, 16, 16, 1]);
    // Output (0,0) covers input rows/cols -1..1: 4 pixels inside; 'same' would cover 0..2 (9 pixels).
    expect(y.dataSync()[0]).toBe(4);
    expect(y.dataSync()[16 * 16 - 1]).toBe(9);
    pb.trainable.forEach((v) => v.variable.dispose());
    y.dispose();
  });

  it("the JavaScript filter gradient equals tfjs's Conv2DBackpropFilter", async () => {
    await initBackend("cpu");
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, "float32", 11) as tf.Tensor4D;
    for (const [k, stride] of [[3, 1], [3, 2], [1, 2], [1, 1]]) {
      const pad = (k - 1) / 2;
      const w = tf.randomNormal([k, k, 3, 4], 0, 1, "float32", 12) as tf.Tensor4D;
      const y = tf.conv2d(x, w, stride, pad);
      const dy = tf.randomNormal(y.shape, 0, 1, "float32", 13);
      const [, dwNative] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dy, tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad))))([x, w]);
      const dwJs = conv2dFilterGradJs(x.dataSync() as Float32Array, x.shape, dy.dataSync() as Float32Array, dy.shape, k, stride, pad);
      const ref = dwNative.dataSync();
      for (let i = 0; i < ref.length; i++) expect(dwJs[i]).toBeCloseTo(ref[i], 4);
      tf.dispose([w, y, dy, dwNative]);
    }
    x.dispose();
  });

  it("gradients through applyConv equal tf.conv2d's (native kernels on cpu) on cpu and wasm", async () => {
    const rnd = (n: number, seed: number) => Array.from(tf.tidy(() => tf.randomNormal([n], 0, 1, "float32", seed).dataSync()));
    await initBackend("cpu");
    const [xv, wv, dyv] = [rnd(2 * 8 * 8 * 3, 3), rnd(3 * 3 * 3 * 4, 4), rnd(2 * 4 * 4 * 4, 5)];
    const grads = (useOurs: boolean): number[][] =>
      tf.tidy(() => {
        const [x, w, dy] = [tf.tensor4d(xv, [2, 8, 8, 3]), tf.tensor4d(wv, [3, 3, 3, 4]), tf.tensor4d(dyv, [2, 4, 4, 4])];
        const pb = new ParamBuilder("grad-test", 2);
        const layer = pb.conv("c", 3, 3, 4, 2, false);
        layer.w.assign(w);
        const conv = (a: tf.Tensor, b: tf.Tensor) => (useOurs ? applyConv({ ...layer, w: b as tf.Variable }, a as tf.Tensor4D) : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 1));
        const out = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dy, conv(a, b))))([x, w]).map((g) => Array.from(g.dataSync()));
        layer.w.dispose();
        return out;
      });
    const reference = grads(false);
    for (const backend of ["cpu", "wasm"]) {
      await initBackend(backend);
      const ours = grads(true);
      for (let k = 0; k < 2; k++) for (let i = 0; i < reference[k].length; i++) expect(ours[k][i], backend).toBeCloseTo(reference[k][i], 4);
    }
  });

  it("batch-norm: batch statistics in training (running averages updated PyTorch-style), running ones in evaluation", async () => {
    await initBackend("cpu");
    const pb = new ParamBuilder("bn-test", 1);
    const bn = pb.bn("bn", 2);
    bn.gamma.assign(tf.tensor1d([2, 0.5]));
    bn.beta.assign(tf.tensor1d([1, -1]));
    // 1 x 2 x 2 x 2: channel 0 values 1, 2, 3, 4; channel 1 values 10, 10, 10, 14.
    const x = tf.tensor4d([1, 10, 2, 10, 3, 10, 4, 14], [1, 2, 2, 2]);
    const y = applyBn(bn, x, true).dataSync();
    const mean = [2.5, 11];
    const biasedVar = [1.25, 3];
    const unbiasedVar = [(1.25 * 4) / 3, (3 * 4) / 3];
    const xs = [[1, 2, 3, 4], [10, 10, 10, 14]];
    const g = [2, 0.5];
    const b = [1, -1];
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 4; i++) expect(y[i * 2 + c]).toBeCloseTo(g[c] * (xs[c][i] - mean[c]) / Math.sqrt(biasedVar[c] + BN_EPSILON) + b[c], 5);
    }
    const rm = bn.mean.dataSync();
    const rv = bn.variance.dataSync();
    for (let c = 0; c < 2; c++) {
      expect(rm[c]).toBeCloseTo((1 - BN_MOMENTUM) * 0 + BN_MOMENTUM * mean[c], 6);
      expect(rv[c]).toBeCloseTo((1 - BN_MOMENTUM) * 1 + BN_MOMENTUM * unbiasedVar[c], 6);
    }
    const e = applyBn(bn, x, false).dataSync();
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 4; i++) expect(e[i * 2 + c]).toBeCloseTo(g[c] * (xs[c][i] - rm[c]) / Math.sqrt(rv[c] + BN_EPSILON) + b[c], 5);
    }
    [...pb.trainable, ...pb.state].forEach((v) => v.variable.dispose());
    x.dispose();
  });

  it("rejects bad options with the value", async () => {
    await initBackend("cpu");
    expect(() => createSmallConvNet({ heads: [], seed: 1 })).toThrow(/heads is empty/);
    expect(() => createSmallConvNet({ heads: [{ name: "a", classes: 1 }], seed: 1 })).toThrow(/head a classes must be an integer >= 2, got 1/);
    expect(() => createResNet18({ heads: [{ name: "a", classes: 2 }, { name: "a", classes: 3 }], seed: 1 })).toThrow(/"a" is empty or repeated/);
    expect(() => createAllCnn({ heads: [{ name: "a", classes: 2 }], seed: 0 })).toThrow(/seed must be an integer in \[1, 2\^32-1\], got 0/);
    expect(() => createSmallConvNet({ heads: [{ name: "a", classes: 2 }], seed: 1, widths: [4, 0, 4] })).toThrow(/widths must be three positive integers, got \[4,0,4\]/);
  });
});
