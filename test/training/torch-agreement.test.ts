/**
 * Agreement with PyTorch on identical weights (issue 21), part 1: the committed PyTorch fixture
 * still describes the cases the project runs, and the CIFAR decoder (Adam with L2 weight decay
 * 0.001 as PyTorch's Adam does it, dropout masks shared) agrees with PyTorch: the float64 reference
 * decoder's weights and statistics after 12 steps, and the per-row test cross-entropy of the
 * reference, the WebAssembly kernel (the CPU path) and the tfjs bank (the GPU path). The network
 * cases are in torch-agreement-{resnet18,allcnn,fig5c}.test.ts; the shared machinery and the
 * tolerances in torch-agreement.ts. Runtime ~2 s.
 */
import { describe, expect, it } from "vitest";
import { trainDecoderBank } from "../../src/info/decoders/decoder-bank.js";
import { ReferenceDecoder } from "../../src/info/decoders/decoder-reference.js";
import { trainWasmDecoder } from "../../src/info/decoders/decoder-wasm.js";
import {
  decoderCase,
  decoderCaseBlobs,
  FULL_MAX,
  KINK_MARGIN,
  netCaseMeta,
  netCases,
  SAMPLE_SIZE,
  TORCH_REFERENCE_FORMAT,
  TORCH_REFERENCE_VERSION,
} from "../../scripts/torch-reference/cases.js";
import { DECODER_KERNEL_TOL, DECODER_REFERENCE_TOL, expectClose, expectCloseNumbers, fixture, margin, REGENERATE, setupAgreement, type DecoderRecord, type NetRecord } from "./torch-agreement.js";

setupAgreement();

describe("the PyTorch fixture describes these cases", () => {
  it("format, sampling rule and every case's configuration match", () => {
    expect(fixture.format).toBe(TORCH_REFERENCE_FORMAT);
    expect(fixture.version).toBe(TORCH_REFERENCE_VERSION);
    expect([fixture.fullMax, fixture.sampleSize]).toEqual([FULL_MAX, SAMPLE_SIZE]);
    const cases = netCases();
    const d = decoderCase();
    expect(Object.keys(fixture.cases).sort(), `fixture cases; ${REGENERATE}`).toEqual([...cases.map((c) => c.id), d.id].sort());
    for (const c of cases) {
      const { kind: _kind, ...meta } = netCaseMeta(c);
      expect((fixture.cases[c.id] as NetRecord).config, `case ${c.id} configuration; ${REGENERATE}`).toEqual(JSON.parse(JSON.stringify(meta)));
    }
    const { kind: _k, ...dmeta } = decoderCaseBlobs(d).meta;
    expect((fixture.cases[d.id] as DecoderRecord).config, `decoder case configuration; ${REGENERATE}`).toEqual(JSON.parse(JSON.stringify(dmeta)));
  });

  it("every case's first step is kink-free, so its whole state is held to the float32 tolerances", () => {
    for (const c of netCases()) {
      const first = (fixture.cases[c.id] as NetRecord).epochs[String(c.resumeAt + 1)];
      expect(margin(first.reluMargin), `${c.id}: a ReLU input of the first step lies within ${KINK_MARGIN} of 0; pick seeds with \`npm run torch-reference -- --find-seeds\``).toBeGreaterThanOrEqual(KINK_MARGIN);
    }
  });
});

describe("the CIFAR decoder against PyTorch's Adam (L2 weight decay), dropout masks shared", () => {
  const d = decoderCase();
  const rec = fixture.cases[d.id] as DecoderRecord;

  it("the float64 reference decoder: weights, batch-norm statistics, losses, test cross-entropy", () => {
    const dec = ReferenceDecoder.train(d.task, d.cfg);
    // The reference keeps its layers private (its API is train/evaluate); read them for this check.
    type Layer = { w: Float64Array; b: Float64Array; gamma: Float64Array | null; beta: Float64Array | null; runMean: Float64Array | null; runVar: Float64Array | null; inDim: number; outDim: number };
    const layers = (dec as unknown as { layers: Layer[] }).layers;
    expect(Array.isArray(layers) && layers.length === d.cfg.hidden.length + 1, "ReferenceDecoder's private layers (update this test if they were renamed)").toBe(true);
    expect(dec.diagnostics.steps).toBe(rec.steps);
    layers.forEach((ly, l) => {
      expectClose("decoder weights", `l${l}.w`, ly.w, [ly.inDim, ly.outDim], rec.params[`l${l}.w`], DECODER_REFERENCE_TOL);
      expectClose("decoder biases", `l${l}.b`, ly.b, [ly.outDim], rec.params[`l${l}.b`], DECODER_REFERENCE_TOL);
      if (l < d.cfg.hidden.length) {
        expectClose("decoder batch-norm scale and shift", `l${l}.gamma`, ly.gamma!, [ly.outDim], rec.params[`l${l}.gamma`], DECODER_REFERENCE_TOL);
        expectClose("decoder batch-norm scale and shift", `l${l}.beta`, ly.beta!, [ly.outDim], rec.params[`l${l}.beta`], DECODER_REFERENCE_TOL);
        expectClose("decoder running statistics", `l${l}.running_mean`, ly.runMean!, [ly.outDim], rec.params[`l${l}.running_mean`], DECODER_REFERENCE_TOL);
        expectClose("decoder running statistics", `l${l}.running_var`, ly.runVar!, [ly.outDim], rec.params[`l${l}.running_var`], DECODER_REFERENCE_TOL);
      }
    });
    const perEpoch = rec.steps / d.cfg.epochs;
    const lastEpoch = rec.losses.slice(-perEpoch).reduce((s, v) => s + v, 0) / perEpoch;
    expectCloseNumbers("decoder last-epoch training loss", "reference", [dec.diagnostics.finalTrainLossNats!], [lastEpoch], DECODER_REFERENCE_TOL);
    expectCloseNumbers("decoder test cross-entropy per row, float64 reference", "reference", dec.evaluate(d.task.test).ce, rec.testCeNats, DECODER_REFERENCE_TOL);
  });

  it("the WebAssembly kernel (CPU path) and the tfjs bank (GPU path): test cross-entropy per row", () => {
    expectCloseNumbers("decoder test cross-entropy per row, float32 kernels", "WebAssembly kernel", trainWasmDecoder(d.task, d.cfg).ce, rec.testCeNats, DECODER_KERNEL_TOL);
    const [bank] = trainDecoderBank([d.task], d.cfg);
    expectCloseNumbers("decoder test cross-entropy per row, float32 kernels", "tfjs bank", bank.ce, rec.testCeNats, DECODER_KERNEL_TOL);
  });
});
