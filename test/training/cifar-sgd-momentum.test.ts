import { describe, expect, it } from "vitest";
import type { NamedVariable } from "../../src/models/small-convnet.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { SgdMomentum } from "../../src/training/sgd-momentum.js";

/**
 * Toy problem with a known gradient: loss(w) = sum(c * w^2 / 2 + d * w), so dloss/dw = c * w + d.
 * The reference is torch.optim.SGD's recurrence written out in float64:
 *   g' = g + wd * w; buf = mu * buf + g' (buf = g' at the first step); w -= lr * buf.
 */
const C = [0.5, 2, 1.5];
const D = [1, -0.5, 0.25];
const W0 = [1, -2, 3];
const LRS = [0.1, 0.1, 0.05, 0.05, 0.02, 0.02];
const MU = 0.9;
const WD = 5e-3;

function torchReference(): number[] {
  const w = [...W0];
  const buf = [0, 0, 0];
  for (const lr of LRS) {
    for (let i = 0; i < 3; i++) {
      const g = C[i] * w[i] + D[i] + WD * w[i];
      buf[i] = MU * buf[i] + g;
      w[i] -= lr * buf[i];
    }
  }
  return w;
}

const toyLoss = (w: tf.Tensor) => tf.sum(tf.add(tf.mul(tf.tensor1d(C), tf.div(tf.square(w), 2)), tf.mul(tf.tensor1d(D), w))) as tf.Scalar;

function named(name: string, values: number[]): NamedVariable {
  return { name, variable: tf.variable(tf.tensor1d(values)) };
}

function step(opt: SgdMomentum, params: NamedVariable[], loss: () => tf.Scalar): void {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(loss, params.map((p) => p.variable));
    opt.applyGradients(params, grads);
  });
}

describe("SGD with momentum and weight decay", () => {
  it("follows torch.optim.SGD's recurrence, with setLearningRate taking effect", async () => {
    await initBackend("cpu");
    const p = named("w", W0);
    const opt = new SgdMomentum({ learningRate: LRS[0], momentum: MU, weightDecay: WD });
    for (const lr of LRS) {
      opt.setLearningRate(lr);
      step(opt, [p], () => toyLoss(p.variable));
    }
    const got = p.variable.dataSync();
    torchReference().forEach((w, i) => expect(got[i]).toBeCloseTo(w, 5));
    expect(opt.iterations).toBe(LRS.length);
    opt.dispose();
    p.variable.dispose();
  });

  it("equals tf.train.momentum on the loss plus a tfjs L2 penalty l2 * sum(w^2) with l2 = wd / 2", async () => {
    await initBackend("cpu");
    const v = tf.variable(tf.tensor1d(W0));
    const tfOpt = tf.train.momentum(LRS[0], MU);
    const l2 = WD / 2;
    for (const lr of LRS) {
      tfOpt.setLearningRate(lr);
      tf.tidy(() => {
        tfOpt.minimize(() => tf.add(toyLoss(v), tf.mul(l2, tf.sum(tf.square(v)))) as tf.Scalar, false, [v]);
      });
    }
    const ours = named("w", W0);
    const opt = new SgdMomentum({ learningRate: LRS[0], momentum: MU, weightDecay: WD });
    for (const lr of LRS) {
      opt.setLearningRate(lr);
      step(opt, [ours], () => toyLoss(ours.variable));
    }
    const a = v.dataSync();
    const b = ours.variable.dataSync();
    for (let i = 0; i < 3; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    tfOpt.dispose();
    opt.dispose();
    v.dispose();
    ours.variable.dispose();
  });

  it("keys momentum by name: switching the trained set (a head switch) gives the new head a zero buffer and keeps the trunk's", async () => {
    await initBackend("cpu");
    const trunk = named("trunk", [1]);
    const headA = named("head.a", [2]);
    const headB = named("head.b", [3]);
    const opt = new SgdMomentum({ learningRate: 0.1, momentum: MU, weightDecay: 0 });
    // loss = trunk * head  => dtrunk = head, dhead = trunk.
    const loss = (h: NamedVariable) => () => tf.sum(tf.mul(trunk.variable, h.variable)) as tf.Scalar;
    step(opt, [trunk, headA], loss(headA)); // buf_trunk = 2, trunk = 0.8; buf_a = 1, a = 1.9
    step(opt, [trunk, headB], loss(headB)); // buf_trunk = 0.9*2 + 3 = 4.8, trunk = 0.32; buf_b = 0.8, b = 2.92
    expect(trunk.variable.dataSync()[0]).toBeCloseTo(0.32, 6);
    expect(headA.variable.dataSync()[0]).toBeCloseTo(1.9, 6);
    expect(headB.variable.dataSync()[0]).toBeCloseTo(2.92, 6);
    const state = await opt.getState();
    expect(state.buffers.map((b) => [b.name, b.values[0]])).toEqual([
      ["head.a", 1],
      ["head.b", expect.closeTo(0.8, 6)],
      ["trunk", expect.closeTo(4.8, 6)],
    ]);
    opt.dispose();
    [trunk, headA, headB].forEach((p) => p.variable.dispose());
  });

  it("restored state continues exactly like the uninterrupted optimizer", async () => {
    await initBackend("cpu");
    const run = async (interrupt: boolean) => {
      const p = named("w", W0);
      let opt = new SgdMomentum({ learningRate: 0.1, momentum: MU, weightDecay: WD });
      for (let i = 0; i < 6; i++) {
        if (interrupt && i === 3) {
          const state = await opt.getState();
          opt.dispose();
          opt = new SgdMomentum({ learningRate: 0.1, momentum: MU, weightDecay: WD });
          opt.setState(state);
        }
        step(opt, [p], () => toyLoss(p.variable));
      }
      const out = Array.from(p.variable.dataSync());
      opt.dispose();
      p.variable.dispose();
      return out;
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it("rejects bad settings with the value and leaks no tensors", async () => {
    await initBackend("cpu");
    expect(() => new SgdMomentum({ learningRate: 0, momentum: 0.9, weightDecay: 0 })).toThrow(/learningRate must be a finite number > 0, got 0/);
    expect(() => new SgdMomentum({ learningRate: 0.1, momentum: 1, weightDecay: 0 })).toThrow(/momentum must be in \[0, 1\), got 1/);
    expect(() => new SgdMomentum({ learningRate: 0.1, momentum: 0.9, weightDecay: -1 })).toThrow(/weightDecay must be a finite number >= 0, got -1/);
    const opt = new SgdMomentum({ learningRate: 0.1, momentum: 0.9, weightDecay: 0 });
    expect(() => opt.setLearningRate(Number.NaN)).toThrow(/got NaN/);
    const p = named("w", W0);
    step(opt, [p], () => toyLoss(p.variable));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step(opt, [p], () => toyLoss(p.variable));
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    p.variable.dispose();
  });
});
