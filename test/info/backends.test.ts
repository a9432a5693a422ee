/**
 * The decoder backends behind one interface (src/info/decoders/interface.ts): the table
 * estimateUsableInfo looks `implementation` up in, and the progress every backend reports through
 * it (decoder-epochs that add up to tasks x epochs, each step named by its backend).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeFastWorkers, DECODER_BACKENDS, estimateUsableInfo, runReferenceDecoder } from "../../src/info/index.js";
import { initBackend } from "../../src/runtime/backend.js";
import { cb3, gaussTasks } from "./decoder-fixtures.js";

beforeAll(async () => {
  await initBackend("wasm");
});
afterAll(closeFastWorkers);

describe("decoder backends", () => {
  it("the table lists every backend under its own name; estimateUsableInfo names them (and auto) when given another", async () => {
    expect(Object.keys(DECODER_BACKENDS)).toEqual(["fast", "bank", "reference"]);
    for (const [name, backend] of Object.entries(DECODER_BACKENDS)) expect(backend.name).toBe(name);
    await expect(estimateUsableInfo(gaussTasks(1), cb3, { implementation: "gpu" as never })).rejects.toThrow('implementation must be one of "auto", "fast", "bank", "reference", got gpu');
  });

  it.each(["fast", "bank", "reference"] as const)("%s: progress adds up to tasks x epochs, named by the backend; results are the backend's own", async (implementation) => {
    const tasks = gaussTasks(2).map((t) => ({ ...t, input: "raw" as const })); // raw: the backend sees the same rows as the estimator
    const events: { stage: string; done: number; total: number }[] = [];
    const res = await estimateUsableInfo(tasks, cb3, { implementation, workers: 1, onProgress: ({ stage, done, total }) => events.push({ stage, done, total }) });
    expect(events.every((e) => e.total === 2 * cb3.epochs)).toBe(true);
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
    expect(events.at(-1)?.done).toBe(2 * cb3.epochs);
    expect(events.every((e) => e.stage.startsWith(`decoder ${cb3.family} `) && e.stage.includes(implementation))).toBe(true);
    const direct = await DECODER_BACKENDS[implementation].train(tasks, cb3, { workers: 1, maxBank: 64 }, () => {});
    expect(res.map((r) => r.testCeNats)).toEqual(direct.map((ev) => ev.ce.reduce((s, x) => s + x, 0) / ev.ce.length));
    if (implementation === "reference") expect(direct.map((ev) => Array.from(ev.ce))).toEqual(tasks.map((t) => Array.from(runReferenceDecoder(t, cb3).ce)));
  });
});
