/**
 * Report figures as Vega-Lite specs, rendered to SVG in Node by vega (no canvas needed):
 * - line figures: information (or accuracy) against epoch or P, one line per series with a 95% CI
 *   band clipped to the feasible range, optional thin per-seed traces, dashed bound lines whose
 *   labels sit in the right margin (clear of the data), optional per-seed points beside each
 *   mean (offset per series so that two runs never hide each other), a symlog epoch axis with the probe epochs
 *   as ticks when the run is long (early epochs are otherwise crowded), legend below;
 * - scatter figures (fig2d): points coloured by group, exponent tick labels for tiny ranges.
 * Colours come from palette.ts and are fixed per series across figures.
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { LineFigure, ReportFigure, ScatterFigure } from "../claim-interfaces.js";
import { CATEGORICAL, seriesColours } from "./palette.js";
import { installTextMetrics } from "./text-metrics.js";

installTextMetrics();

type Spec = vl.TopLevelSpec;

const WIDTH = 440;
const HEIGHT = 260;
/** Epoch axes longer than this use a symlog scale (probe epochs 0, 1, 2, 3, 5 would overlap on a linear one). */
const SYMLOG_MIN_EPOCHS = 20;

const CONFIG = {
  font: "sans-serif",
  background: "white",
  view: { stroke: "#888" },
  axis: { labelFontSize: 10, titleFontSize: 11, gridColor: "#eee", labelOverlap: "greedy" as const },
  legend: { labelFontSize: 10, titleFontSize: 10, orient: "bottom" as const, columns: 5, symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2.5 },
  title: { fontSize: 12, anchor: "start" as const, offset: 8 },
};

/** Split a title into lines of at most `width` characters at spaces. */
export function wrapTitle(text: string, width = 70): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const w of text.split(" ")) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** The feasible y range of a figure: declared, or from its axis label (accuracy [0, 1]; bits >= 0), else unbounded. */
export function feasibleY(fig: LineFigure): [number, number] {
  if (fig.yDomain) return fig.yDomain;
  const l = fig.yLabel.toLowerCase();
  if (l.includes("accuracy")) return [0, 1];
  if (l.includes("bits")) return [0, Infinity];
  return [-Infinity, Infinity];
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Vega-Lite spec of a line figure. */
export function lineSpec(fig: LineFigure): Spec {
  const colours = seriesColours(fig);
  const names = fig.series.map((s) => s.name);
  const [ylo, yhi] = feasibleY(fig);
  const clip = (v: number) => Math.min(yhi, Math.max(ylo, v));
  const rows = fig.series.flatMap((s) =>
    s.points
      .filter((p) => finite(p.x) && finite(p.y))
      .map((p) => ({ series: s.name, x: p.x, y: p.y, ...(finite(p.lo) && finite(p.hi) ? { lo: clip(p.lo), hi: clip(p.hi) } : {}) })),
  );
  const traces = Object.entries(fig.traces ?? {}).flatMap(([series, seeds]) =>
    seeds.flatMap((t) => t.points.filter((p) => finite(p.x) && finite(p.y)).map((p) => ({ series, seed: t.seed, x: p.x, y: p.y }))),
  );
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  // One x only (a run probed at its final epoch): no line and no band to draw, so each series is
  // a point with its 95% CI as an error bar, the series side by side around that x.
  const single = xs.length === 1;
  if (single) for (const r of rows) r.x += 0.3 * (names.indexOf(r.series) - (names.length - 1) / 2);
  // Per-seed points: each series shifted by a small fraction of the x range (by its index).
  const gap = xs.length > 1 ? Math.min(...xs.slice(1).map((v, i) => v - xs[i])) : 1;
  const dots = (fig.dots ?? [])
    .filter((d) => finite(d.x) && finite(d.y))
    .map((d) => ({ series: d.series, seed: d.seed, x: d.x + (single ? 0.3 : gap * 0.12) * (names.indexOf(d.series) - (names.length - 1) / 2), y: d.y }));
  const xmax = xs.length ? xs[xs.length - 1] : 1;
  const symlog = !single && /^epoch/i.test(fig.xLabel) && xmax > SYMLOG_MIN_EPOCHS;
  const x = {
    field: "x",
    type: "quantitative" as const,
    title: symlog ? `${fig.xLabel} (symlog axis)` : fig.xLabel,
    scale: symlog ? { type: "symlog" as const, domain: [xs[0] ?? 0, xmax] } : single ? { nice: false, domain: [xmax - 1, xmax + 1] } : { nice: false, domain: [xs[0] ?? 0, xmax], padding: 8 },
    axis: { values: xs.length <= 16 ? xs : undefined, format: Number.isInteger(xmax) && xs.every(Number.isInteger) ? "d" : "~g", grid: true },
  };
  const colour = { field: "series", type: "nominal" as const, title: null, scale: { domain: names, range: colours }, sort: names };
  const yAxis = { title: fig.yLabel, format: "~g", tickCount: 6 };
  const zero = ylo === 0 && !fig.yLabel.toLowerCase().includes("accuracy");
  const y = { field: "y", type: "quantitative" as const, axis: yAxis, scale: { zero, nice: true, ...(Number.isFinite(yhi) && yhi === 1 ? { domainMax: 1 } : {}) } };
  const refs = staggerRefs(fig.refLines ?? [], rows);
  const layers: unknown[] = [
    ...(single ? [] : [{ data: { values: rows.filter((r) => "lo" in r) }, mark: { type: "area", opacity: 0.16, interpolate: "linear" }, encoding: { x, y: { field: "lo", type: "quantitative", axis: yAxis, scale: y.scale }, y2: { field: "hi" }, color: colour } }]),
    ...(traces.length ? [{ data: { values: traces }, mark: { type: "line", strokeWidth: 0.7, opacity: 0.35 }, encoding: { x, y, color: colour, detail: { field: "seed", type: "nominal" } } }] : []),
    ...(dots.length ? [{ data: { values: dots }, mark: { type: "point", size: 16, filled: false, strokeWidth: 0.9, opacity: 0.75 }, encoding: { x, y, color: colour } }] : []),
    ...(single
      ? [
          { data: { values: rows.filter((r) => "lo" in r) }, mark: { type: "rule", strokeWidth: 2.5 }, encoding: { x, y: { field: "lo", type: "quantitative", axis: yAxis, scale: y.scale }, y2: { field: "hi" }, color: colour } },
          { data: { values: rows }, mark: { type: "point", size: 90, filled: true, opacity: 1 }, encoding: { x, y, color: colour } },
        ]
      : [{ data: { values: rows }, mark: { type: "line", strokeWidth: 1.8, point: { size: 18, filled: true } }, encoding: { x, y, color: colour } }]),
    ...(refs.length
      ? [
          { data: { values: refs }, mark: { type: "rule", strokeDash: [5, 4], color: "#444", strokeWidth: 1 }, encoding: { y: { field: "y", type: "quantitative" } } },
          // Labels in the right margin, beyond the last x: never over the data.
          { data: { values: refs }, mark: { type: "text", align: "left", baseline: "middle", dx: 6, fontSize: 10, color: "#333" }, encoding: { x: { datum: single ? xmax + 1 : xmax, type: "quantitative" }, y: { field: "labelY", type: "quantitative" }, text: { field: "label" } } },
        ]
      : []),
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: WIDTH,
    height: HEIGHT,
    title: { text: wrapTitle(fig.title) },
    config: CONFIG,
    layer: layers,
  } as unknown as Spec;
}

/**
 * Reference lines with the y of their labels: a label closer than ~7% of the y range to the one
 * above it moves down by that much, so two bounds never print over each other.
 */
function staggerRefs(refs: readonly { y: number; label: string }[], rows: readonly { y: number; lo?: number; hi?: number }[]): { y: number; label: string; labelY: number }[] {
  const ys = [...rows.flatMap((r) => [r.y, r.lo ?? r.y, r.hi ?? r.y]), ...refs.map((r) => r.y)];
  const span = ys.length ? Math.max(...ys) - Math.min(...ys) || 1 : 1;
  const out: { y: number; label: string; labelY: number }[] = [];
  for (const r of [...refs].filter((r) => finite(r.y)).sort((a, b) => b.y - a.y)) {
    const prev = out[out.length - 1];
    const labelY = prev && prev.labelY - r.y < 0.07 * span ? prev.labelY - 0.07 * span : r.y;
    out.push({ ...r, labelY });
  }
  return out;
}

/** Vega-Lite spec of a scatter figure (fig2d). */
export function scatterSpec(fig: ScatterFigure): Spec {
  const pts = fig.points.filter((p) => finite(p.x) && finite(p.y));
  const axisFor = (vals: number[]) => {
    const m = Math.max(0, ...vals.map(Math.abs));
    // Tiny ranges (a collapsed layer) in exponent form, so "0.00000736" never clips.
    return { format: m > 0 && m < 1e-3 ? ".1~e" : "~g", tickCount: 5 };
  };
  const names = fig.groupNames;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 300,
    height: 260,
    title: { text: wrapTitle(fig.title, 55) },
    config: { ...CONFIG, legend: { ...CONFIG.legend, symbolType: "circle" } },
    data: { values: pts.map((p) => ({ x: p.x, y: p.y, group: names[p.group] ?? `group ${p.group}` })) },
    mark: { type: "point", filled: true, size: 14, opacity: 0.6 },
    encoding: {
      x: { field: "x", type: "quantitative", title: fig.xLabel, scale: { zero: false, nice: true }, axis: axisFor(pts.map((p) => p.x)) },
      y: { field: "y", type: "quantitative", title: fig.yLabel, scale: { zero: false, nice: true }, axis: axisFor(pts.map((p) => p.y)) },
      color: { field: "group", type: "nominal", title: null, sort: names, scale: { domain: names, range: names.map((_, i) => CATEGORICAL[i % CATEGORICAL.length]) } },
    },
  } as unknown as Spec;
}

export function figureSpec(fig: ReportFigure): Spec {
  return fig.kind === "lines" ? lineSpec(fig) : scatterSpec(fig);
}

/** Render a Vega-Lite spec to an SVG string (headless, deterministic). */
export async function renderSvg(spec: Spec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const memo = new Map<string, Promise<string>>();

/** The SVG of a report figure (memoised by content: the reporter re-writes the report after every claim). */
export function figureSvg(fig: ReportFigure): Promise<string> {
  const key = JSON.stringify(fig);
  let svg = memo.get(key);
  if (!svg) {
    svg = renderSvg(figureSpec(fig));
    memo.set(key, svg);
    svg.catch(() => memo.delete(key));
    if (memo.size > 500) memo.delete(memo.keys().next().value as string);
  }
  return svg;
}
