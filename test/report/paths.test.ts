import { describe, expect, it } from "vitest";
import { relativizeDeep, relativizePaths } from "../../src/report/paths.js";

const roots = { repo: "/work/main", tmp: "/tmp", home: "/root" };

describe("paths in reports are relative to the repository", () => {
  it("rewrites repository, sibling, temporary and home paths", () => {
    expect(relativizePaths("no data in /work/main/.cache/data/cifar-10-batches-bin (set CIFAR10_DIR)", roots)).toBe("no data in .cache/data/cifar-10-batches-bin (set CIFAR10_DIR)");
    expect(relativizePaths("folder /work/shared/data/cifar-100-binary: missing", roots)).toBe("folder ../shared/data/cifar-100-binary: missing");
    expect(relativizePaths("wrote /tmp/claims-x/a.json and /root/.nv/cache", roots)).toBe("wrote $TMPDIR/claims-x/a.json and ~/.nv/cache");
    expect(relativizePaths("cwd /work/main: done", roots)).toBe("cwd .: done");
  });

  it("leaves ratios, relative paths and other absolute paths alone", () => {
    const s = "lr 1/sqrt(n), and/or src/work/x.ts, /usr/bin/chromium, /workbench/a";
    expect(relativizePaths(s, roots)).toBe(s);
  });

  it("rewrites every string of a JSON value", () => {
    expect(relativizeDeep({ a: ["/work/main/x"], b: { c: "/tmp/y", n: 1 } }, roots)).toEqual({ a: ["x"], b: { c: "$TMPDIR/y", n: 1 } });
  });
});
