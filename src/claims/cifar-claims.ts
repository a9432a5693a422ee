/**
 * Every CIFAR claim as data (issue 20: one claim registry): what the paper says, the data sets it
 * needs, how its record is built from a results source, and the arm of its ci pipeline check.
 * Importing this module runs nothing. The spec files (claims/cifar10, claims/cifar-100) register
 * an entry by id (claims/cifar-shared.ts passes a source that trains or reads the cache); the
 * paper report, `claims:status` and the nightly plan read the same entries, so no list of CIFAR
 * claims is kept anywhere else.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimRecord } from "../claim-interfaces.js";
import type { CifarName } from "../data/cifar.js";
import type { CifarSeedResult } from "../experiments/cifar-result.js";
import type { CifarArm } from "../experiments/cifar-runner.js";
import {
  ALLCNN_ARM,
  batchArms,
  CIFAR10_BASE,
  CIFAR100_BASE,
  CIFAR100_FINE_PRETRAINED,
  lrArms,
  PIPELINE_CIFAR10,
  PIPELINE_CIFAR100,
  PIPELINE_CIFAR100_PRETRAINED,
} from "../experiments/cifar-protocol.js";
import { evaluateFig3, evaluateFig4bs, evaluateFig4lr, evaluateFig5a, evaluateFig5b, evaluateFig5c } from "./cifar.js";

/** Id of the record of a CIFAR claim's ci pipeline check. */
export const cifarPipelineRecordId = (claimId: string): string => `${claimId}-pipeline`;

/** The seed-runs of an arm (PROTOCOL.md seeds of its scale). */
export type CifarSource = (arm: CifarArm) => Promise<CifarSeedResult[]>;

export interface CifarClaimContext {
  scale: Scale;
  backend: string;
  source: CifarSource;
}

export interface CifarClaimDef {
  id: string;
  /** The paper's figure. */
  paper: string;
  statement: string;
  /** Test title of the paper claim. */
  title: string;
  /** Data sets the paper protocol reads (a present but wrong one fails the claim; an absent one skips it). */
  datasets: readonly CifarName[];
  /** Runs the paper protocol through the source and evaluates the claim. */
  build: (c: CifarClaimContext) => Promise<ClaimRecord>;
  /** The ci pipeline check's arm (small convnet, CPU; never a reproduction) and the chance accuracy of its training label. */
  pipeline: { arm: () => CifarArm; chance: number };
}

/** Every arm of a comparison through the source, one after another, keyed as given. */
async function armsOf(c: CifarClaimContext, arms: Record<string, CifarArm>): Promise<Record<string, CifarSeedResult[]>> {
  const out: Record<string, CifarSeedResult[]> = {};
  for (const [name, arm] of Object.entries(arms)) out[name] = await c.source(arm);
  return out;
}

const ctxOf = (c: CifarClaimContext) => ({ scale: c.scale, backend: c.backend });

/** PROTOCOL.md section 2, in the paper's order. */
export const CIFAR_CLAIMS: readonly CifarClaimDef[] = [
  {
    id: "fig3",
    paper: "Fig 3",
    statement: "ResNet-18, CIFAR-10 parity, lr 0.1, bs 128: fine information rises, then falls to near minimal",
    title: "fig3: ResNet-18 on CIFAR-10 parity gains then forgets fine-label information",
    datasets: ["cifar10"],
    build: async (c) => evaluateFig3(await c.source(CIFAR10_BASE()), ctxOf(c)),
    pipeline: { arm: PIPELINE_CIFAR10, chance: 0.5 },
  },
  {
    id: "fig4bs",
    paper: "Fig 4a-c, Fig 8 right",
    statement: "Compression only at small batch: 64 and 128 forget, 512 and 1024 do not; accuracy falls with batch size",
    title: "fig4bs: only small batches forget fine-label information",
    datasets: ["cifar10"],
    build: async (c) => evaluateFig4bs(await armsOf(c, batchArms()), ctxOf(c)),
    pipeline: { arm: PIPELINE_CIFAR10, chance: 0.5 },
  },
  {
    id: "fig4lr",
    paper: "Fig 4d-f, Fig 8 left",
    statement: "Forgetting needs a large initial learning rate: 0.075 and 0.05 forget, 0.01 and 0.001 rise without falling",
    title: "fig4lr: only large initial learning rates forget fine-label information",
    datasets: ["cifar10"],
    build: async (c) => evaluateFig4lr(await armsOf(c, lrArms()), ctxOf(c)),
    pipeline: { arm: PIPELINE_CIFAR10, chance: 0.5 },
  },
  {
    id: "fig5a",
    paper: "Fig 5a",
    statement: "All-CNN, CIFAR-10: fine information rises then falls substantially, not fully to minimal",
    title: "fig5a: All-CNN on CIFAR-10 parity gains then loses fine-label information",
    datasets: ["cifar10"],
    build: async (c) => evaluateFig5a(await c.source(ALLCNN_ARM()), ctxOf(c)),
    pipeline: { arm: PIPELINE_CIFAR10, chance: 0.5 },
  },
  {
    id: "fig5b",
    paper: "Fig 5b",
    statement: "ResNet-18, CIFAR-100 superclasses: coarse information ~3.5 bit; nearly minimal; no marked rise-fall",
    title: "fig5b: ResNet-18 on CIFAR-100 superclasses ends nearly minimal",
    datasets: ["cifar100"],
    build: async (c) => evaluateFig5b(await c.source(CIFAR100_BASE()), ctxOf(c)),
    pipeline: { arm: PIPELINE_CIFAR100, chance: 1 / 20 },
  },
  {
    id: "fig5c",
    paper: "Fig 5c",
    statement: "Pretraining on the 100 fine labels for 20 epochs, then coarse, improves coarse accuracy",
    title: "fig5c: fine-label pretraining improves CIFAR-100 superclass accuracy",
    datasets: ["cifar100"],
    build: async (c) => evaluateFig5c(await c.source(CIFAR100_FINE_PRETRAINED()), await c.source(CIFAR100_BASE()), ctxOf(c)),
    pipeline: { arm: PIPELINE_CIFAR100_PRETRAINED, chance: 1 / 20 },
  },
];

/** The entry of CIFAR claim `id` (throws naming the known ids). */
export function cifarClaimDef(id: string): CifarClaimDef {
  const def = CIFAR_CLAIMS.find((d) => d.id === id);
  if (!def) throw new Error(`no CIFAR claim "${id}" (known: ${CIFAR_CLAIMS.map((d) => d.id).join(", ")})`);
  return def;
}

/** What a report lists of a claim: its id, figure and statement (no functions). */
export function claimHeader(d: Pick<ClaimRecord, "id" | "paper" | "statement">): Pick<ClaimRecord, "id" | "paper" | "statement"> {
  return { id: d.id, paper: d.paper, statement: d.statement };
}

/** Skip reason of a CIFAR claim in a report regenerated from committed data. */
export const CIFAR_NOT_MEASURED = "no committed paper-scale measurements; needs a GPU (README: GPU backends, CIFAR cost; the nightly job measures it)";
