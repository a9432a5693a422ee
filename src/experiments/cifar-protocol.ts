/**
 * Arms of the CIFAR claims (PROTOCOL.md section 2). Runs shared between claims are one arm (the
 * lr 0.1 / bs 128 ResNet-18 run serves fig3, fig4bs and fig4lr; the CIFAR-100 coarse run serves
 * fig5b and the no-pretraining side of fig5c), so they are trained once and cached.
 */
import type { Scale } from "../interfaces.js";
import { paperArm, pipelineArm, type CifarArm } from "./cifar-runner.js";

/** Seeds: 3 at paper scale (ours); 1 for the ci pipeline checks. */
export function cifarSeeds(scale: Scale): number[] {
  return scale === "paper" ? [1, 2, 3] : [1];
}

export const CIFAR10_BASE = (): CifarArm => paperArm("lr0.1 bs128", "cifar10");

export function batchArms(): Record<string, CifarArm> {
  return {
    bs64: paperArm("lr0.1 bs64", "cifar10", { batchSize: 64 }),
    bs128: CIFAR10_BASE(),
    bs512: paperArm("lr0.1 bs512", "cifar10", { batchSize: 512 }),
    bs1024: paperArm("lr0.1 bs1024", "cifar10", { batchSize: 1024 }),
  };
}

export function lrArms(): Record<string, CifarArm> {
  return {
    "lr0.1": CIFAR10_BASE(),
    "lr0.075": paperArm("lr0.075 bs128", "cifar10", { lr0: 0.075 }),
    "lr0.05": paperArm("lr0.05 bs128", "cifar10", { lr0: 0.05 }),
    "lr0.01": paperArm("lr0.01 bs128", "cifar10", { lr0: 0.01 }),
    "lr0.001": paperArm("lr0.001 bs128", "cifar10", { lr0: 0.001 }),
  };
}

export const ALLCNN_ARM = (): CifarArm => paperArm("All-CNN lr0.05", "cifar10", { model: "allcnn" });
export const CIFAR100_BASE = (): CifarArm => paperArm("CIFAR-100 coarse", "cifar100");
/** fig5c: 20 epochs on the 100 fine labels, then the usual 160 on the 20 superclasses (ours: P + usual, as on the checkerboard). */
export const CIFAR100_FINE_PRETRAINED = (): CifarArm => paperArm("CIFAR-100 fine20 then coarse", "cifar100", { pretrainFineEpochs: 20 });

/** ci pipeline-check arms. */
export const PIPELINE_CIFAR10 = (): CifarArm => pipelineArm("pipeline cifar10", "cifar10");
export const PIPELINE_CIFAR100 = (): CifarArm => pipelineArm("pipeline cifar100", "cifar100");
export const PIPELINE_CIFAR100_PRETRAINED = (): CifarArm => pipelineArm("pipeline cifar100 fine2", "cifar100", { pretrainFineEpochs: 2, epochs: 3 });

/** The paper-scale CIFAR claims, in PROTOCOL.md order. */
export const CIFAR_CLAIM_IDS = ["fig3", "fig4bs", "fig4lr", "fig5a", "fig5b", "fig5c"] as const;
export type CifarClaimId = (typeof CIFAR_CLAIM_IDS)[number];

/**
 * The arms each paper-scale claim trains, by name (the same arms its claim spec passes to
 * runArm/runArms; shared runs appear under several claims and are trained once).
 */
export function cifarClaimArms(id: CifarClaimId): Record<string, CifarArm> {
  switch (id) {
    case "fig3": return { "lr0.1": CIFAR10_BASE() };
    case "fig4bs": return batchArms();
    case "fig4lr": return lrArms();
    case "fig5a": return { allcnn: ALLCNN_ARM() };
    case "fig5b": return { coarse: CIFAR100_BASE() };
    case "fig5c": return { fine20: CIFAR100_FINE_PRETRAINED(), coarse: CIFAR100_BASE() };
  }
}

/** Every distinct paper-scale arm, keyed by its arm name (11: 8 ResNet-18 CIFAR-10, All-CNN, 2 CIFAR-100). */
export function allPaperArms(): Map<string, CifarArm> {
  const out = new Map<string, CifarArm>();
  for (const id of CIFAR_CLAIM_IDS) for (const arm of Object.values(cifarClaimArms(id))) out.set(arm.arm, arm);
  return out;
}
