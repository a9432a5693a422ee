import { describe, expect, it } from "vitest";
import { DECODER_FAILURE_BITS } from "../../src/interfaces.js";
import { clipTable, clipUsableInfo, mergeClipCounts } from "../../src/stats/clip.js";

describe("clipUsableInfo (PROTOCOL.md section 0)", () => {
  it("clips at 0, keeps raw, counts clipped and decoder failures", () => {
    const raw = [0.5, -0.01, -0.05, -0.0501, -3, 0, 1.2];
    const c = clipUsableInfo(raw);
    expect(c.raw).toEqual(raw);
    expect(c.values).toEqual([0.5, 0, 0, 0, 0, 0, 1.2]);
    expect(c.n).toBe(7);
    expect(c.clipped).toBe(4); // -0.01, -0.05, -0.0501, -3 (0 is not clipped)
    expect(c.decoderFailures).toBe(2); // strictly below -0.05
    expect(DECODER_FAILURE_BITS).toBe(-0.05);
    expect(c.message).toBe("4 of 7 points clipped to 0 (raw < 0); 2 decoder failures (raw < -0.05 bit)");
  });
  it("does not modify its input", () => {
    const raw = [-1, 2];
    clipUsableInfo(raw);
    expect(raw).toEqual([-1, 2]);
  });
  it("-Infinity is a decoder failure; NaN and +Infinity throw with the caller's name", () => {
    expect(clipUsableInfo([-Infinity]).decoderFailures).toBe(1);
    expect(() => clipUsableInfo([0.1, NaN], "fig3 fine info")).toThrow(/^fig3 fine info: invalid usable-information value NaN at index 1/);
    expect(() => clipUsableInfo([Infinity])).toThrow(/invalid/);
  });
  it("empty input gives zero counts", () => expect(clipUsableInfo([]).n).toBe(0));
});

describe("clipTable and mergeClipCounts", () => {
  it("counts over all cells", () => {
    const t = clipTable([
      [0.1, -0.2],
      [-0.01, 0.3],
    ]);
    expect(t.values).toEqual([
      [0.1, 0],
      [0, 0.3],
    ]);
    expect([t.n, t.clipped, t.decoderFailures]).toEqual([4, 2, 1]);
    const m = mergeClipCounts([t, clipUsableInfo([-1])]);
    expect([m.n, m.clipped, m.decoderFailures]).toEqual([5, 3, 2]);
    expect(m.message).toMatch(/^3 of 5 points/);
  });
  it("names the bad row", () => expect(() => clipTable([[0], [NaN]])).toThrow(/row 1/));
});
