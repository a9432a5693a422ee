/** showValue: values in error messages, NaN as NaN (JSON.stringify would print null). */
import { describe, expect, it } from "vitest";
import { MAX_SHOWN_CHARS, showValue } from "../../src/runtime/format.js";

describe("showValue", () => {
  it("prints non-finite numbers as JavaScript does, inside arrays and objects too", () => {
    expect(showValue(Number.NaN)).toBe("NaN");
    expect(showValue(-Infinity)).toBe("-Infinity");
    expect(showValue(-0)).toBe("-0");
    expect(showValue([0, Number.NaN])).toBe("[0, NaN]");
    expect(showValue({ lr: Number.NaN, kind: "sgd" })).toBe('{"lr": NaN, "kind": "sgd"}');
    expect(showValue(Float32Array.of(1.5, Infinity))).toBe("[1.5, Infinity]");
  });
  it("quotes strings and names undefined, null and functions", () => {
    expect(showValue("huge-fc")).toBe('"huge-fc"');
    expect(showValue(undefined)).toBe("undefined");
    expect(showValue(null)).toBe("null");
    expect(showValue(() => 1)).toBe("<function>");
  });
  it("cuts long values", () => {
    expect(showValue(Array.from({ length: 1000 }, (_, i) => i))).toMatch(/^\[0, 1, .*, 19, \.\.\. \(1000 items\)\]$/);
    const s = showValue("x".repeat(1000));
    expect(s.length).toBe(MAX_SHOWN_CHARS);
    expect(s.endsWith("...")).toBe(true);
  });
});
