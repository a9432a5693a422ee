/**
 * ResNet-18, CIFAR variant with pre-activation basic blocks (PROTOCOL.md section 2; He et al. 2016,
 * "Identity mappings in deep residual networks"; layout as in the PyTorch CIFAR code the authors'
 * public code builds on):
 *
 *   stem    conv 3x3, 3 -> 64, stride 1, pad 1 (no max-pool)
 *   stage1  2 x PreActBlock(64,  stride 1)      32x32
 *   stage2  2 x PreActBlock(128, stride 2, 1)   16x16
 *   stage3  2 x PreActBlock(256, stride 2, 1)    8x8
 *   stage4  2 x PreActBlock(512, stride 2, 1)    4x4
 *   final   BN-ReLU, global average pool -> 512-d FEATURES (the probed layer: the input of the
 *           last linear layer), linear head(s) 512 -> classes (with bias)
 *
 *   PreActBlock(x): a = ReLU(BN1(x)); shortcut = conv1x1_stride(a) if the shape changes, else x;
 *                   out = conv3x3_stride(a); out = conv3x3(ReLU(BN2(out))); return out + shortcut.
 *
 * Convolutions have no bias (BN follows each, or the sum does); the shortcut conv has no BN (as
 * in the pre-activation design). Batch-norm, initialisation and the two-head convention: see
 * small-convnet.ts.
 */
import { tf } from "../runtime/backend.js";
import {
  applyBn,
  applyConv,
  applyLinear,
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

export const RESNET18_WIDTHS: readonly number[] = [64, 128, 256, 512];
export const RESNET18_STRIDES: readonly number[] = [1, 2, 2, 2];
export const RESNET18_BLOCKS_PER_STAGE = 2;
export const RESNET18_FEATURE_DIM = 512;

export interface ResNet18Options {
  /** One head per label set, e.g. [{ name: "coarse", classes: 2 }], or fine + coarse for fig5c. */
  heads: readonly HeadSpec[];
  seed: number;
}

interface PreActBlock {
  bn1: BnLayer;
  conv1: ConvLayer;
  bn2: BnLayer;
  conv2: ConvLayer;
  shortcut: ConvLayer | null;
}

export function createResNet18(opts: ResNet18Options): ConvNet {
  const arch = "resnet18";
  checkHeads(arch, opts.heads);
  checkSeedArg(arch, opts.seed);
  const pb = new ParamBuilder(arch, opts.seed);
  const stem = pb.conv("stem.conv", 3, 3, 64, 1, false);
  const blocks: PreActBlock[] = [];
  let cin = 64;
  RESNET18_WIDTHS.forEach((width, s) => {
    for (let b = 0; b < RESNET18_BLOCKS_PER_STAGE; b++) {
      const stride = b === 0 ? RESNET18_STRIDES[s] : 1;
      const p = `stage${s + 1}.block${b + 1}`;
      blocks.push({
        bn1: pb.bn(`${p}.bn1`, cin),
        conv1: pb.conv(`${p}.conv1`, 3, cin, width, stride, false),
        bn2: pb.bn(`${p}.bn2`, width),
        conv2: pb.conv(`${p}.conv2`, 3, width, width, 1, false),
        shortcut: stride !== 1 || cin !== width ? pb.conv(`${p}.shortcut`, 1, cin, width, stride, false) : null,
      });
      cin = width;
    }
  });
  const finalBn = pb.bn("final.bn", cin);
  const headLayers = new Map(opts.heads.map((h) => [h.name, pb.linear(`head.${h.name}`, cin, h.classes)] as const));

  return {
    ...paramBackedMembers(arch, opts.heads, pb),
    featureDim: RESNET18_FEATURE_DIM,
    probedLayer: "512-d global average pool after the final BN-ReLU: the input of the last linear layer",
    forward(x, { training, head }) {
      checkInput(arch, x);
      const linear = pickHead(arch, opts.heads, headLayers, head);
      let h = applyConv(stem, x);
      for (const blk of blocks) {
        const a = tf.relu(applyBn(blk.bn1, h, training));
        const shortcut = blk.shortcut ? applyConv(blk.shortcut, a) : h;
        const out = applyConv(blk.conv1, a);
        const out2 = applyConv(blk.conv2, tf.relu(applyBn(blk.bn2, out, training)));
        h = tf.add(out2, shortcut);
      }
      const features = globalAvgPool(tf.relu(applyBn(finalBn, h, training)));
      return { features, logits: applyLinear(linear, features) };
    },
  };
}
