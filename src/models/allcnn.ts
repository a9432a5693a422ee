/**
 * All-CNN (Springenberg et al. 2015, All-CNN-C, with batch-norm as used by Achille et al. 2019),
 * PROTOCOL.md section 2:
 *
 *   layer    1   2   3    4    5    6    7    8    9
 *   kernel   3   3   3    3    3    3    3    1    1
 *   stride   1   1   2    1    1    2    1    1    1
 *   channels 96  96  192  192  192  192  192  192  classes
 *   size     32  32  16   16   16   8    8    8    8
 *
 * Every conv (no bias, symmetric padding (k-1)/2) is followed by batch-norm and ReLU, the class
 * conv (layer 9) included, as PROTOCOL.md says (Springenberg's All-CNN-C also puts a ReLU there);
 * the logits are the global average pool of layer 9's 8x8 maps.
 *
 * Probed layer ("the global-average-pooled features" of PROTOCOL.md): the global average pool of
 * layer 8's output after its BN-ReLU, 192-d -- the features the class layer acts on. (Pooling
 * layer 9 instead would give the logits, 10 or 20 numbers, not a representation.) In Achille et
 * al.'s PyTorch code the same 192-d pooled vector is the classifier's input.
 *
 * Heads: layer 9 with its batch-norm is the head; a two-head network (fig5c) has one class conv +
 * BN per label set on the same layer-8 maps (see small-convnet.ts for the convention).
 */
import { tf } from "../runtime/backend.js";
import {
  applyBn,
  applyConv,
  checkHeads,
  checkInput,
  checkSeedArg,
  globalAvgPool,
  paramBackedMembers,
  ParamBuilder,
  pickHead,
  type BnLayer,
  type ConvLayer,
  type ConvNet,
  type HeadSpec,
} from "./small-convnet.js";

/** Layers 1-8 (the trunk): [kernel, stride, channels]. Layer 9 (kernel 1, stride 1, classes) is the head. */
export const ALLCNN_TRUNK: readonly (readonly [number, number, number])[] = [
  [3, 1, 96],
  [3, 1, 96],
  [3, 2, 192],
  [3, 1, 192],
  [3, 1, 192],
  [3, 2, 192],
  [3, 1, 192],
  [1, 1, 192],
];
export const ALLCNN_FEATURE_DIM = 192;

export interface AllCnnOptions {
  heads: readonly HeadSpec[];
  seed: number;
}

export function createAllCnn(opts: AllCnnOptions): ConvNet {
  const arch = "allcnn";
  checkHeads(arch, opts.heads);
  checkSeedArg(arch, opts.seed);
  const pb = new ParamBuilder(arch, opts.seed);
  const trunk: { conv: ConvLayer; bn: BnLayer }[] = [];
  let cin = 3;
  ALLCNN_TRUNK.forEach(([k, stride, cout], i) => {
    trunk.push({ conv: pb.conv(`conv${i + 1}`, k, cin, cout, stride, false), bn: pb.bn(`bn${i + 1}`, cout) });
    cin = cout;
  });
  const headLayers = new Map(
    opts.heads.map((h) => [h.name, { conv: pb.conv(`head.${h.name}.conv`, 1, cin, h.classes, 1, false), bn: pb.bn(`head.${h.name}.bn`, h.classes) }] as const),
  );

  return {
    ...paramBackedMembers(arch, opts.heads, pb),
    featureDim: ALLCNN_FEATURE_DIM,
    probedLayer: "192-d global average pool of conv8 (after its BN-ReLU): the maps the class conv acts on",
    forward(x, { training, head }) {
      checkInput(arch, x);
      const cls = pickHead(arch, opts.heads, headLayers, head);
      let h: tf.Tensor4D = x;
      for (const { conv, bn } of trunk) h = tf.relu(applyBn(bn, applyConv(conv, h), training));
      const features = globalAvgPool(h);
      const logits = globalAvgPool(tf.relu(applyBn(cls.bn, applyConv(cls.conv, h), training)));
      return { features, logits };
    },
  };
}
