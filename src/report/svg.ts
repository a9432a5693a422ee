/** Minimal SVG rendering for the report (no dependencies): scatter plots coloured by group, curves with error bars. */
import type { LineFigure, ReportFigure, ScatterFigure } from "../claim-interfaces.js";

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Opening of every figure: the svg element, white background, title lines, what goes under the
 * plot box (grid lines), the box and the axis labels. The caller appends its marks and `</svg>`.
 */
function frameOpen(W: number, H: number, m: { l: number; r: number; t: number; b: number }, title: string[], xLabel: string, yLabel: string, under: string): string {
  const midY = (m.t + H - m.b) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    title.map((t, i) => `<text x="${m.l}" y="${16 + 15 * i}" font-size="12" font-weight="bold">${esc(t)}</text>`).join("") +
    under +
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>` +
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text x="14" y="${midY}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${midY})">${esc(yLabel)}</text>`
  );
}

/** The SVG of any report figure. */
export function figureSvg(fig: ReportFigure): string {
  return fig.kind === "lines" ? lineSvg(fig) : scatterSvg(fig);
}

/** A 420x360 scatter plot with axes, labels and a legend. */
export function scatterSvg(fig: ScatterFigure): string {
  const W = 420;
  const H = 360;
  const m = { l: 48, r: 110, t: 28, b: 40 };
  const xs = fig.points.map((p) => p.x);
  const ys = fig.points.map((p) => p.y);
  const span = (v: number[]) => {
    const lo = Math.min(...v, 0);
    const hi = Math.max(...v, 0);
    return hi - lo < 1e-9 ? [lo - 1, hi + 1] : [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
  };
  const [x0, x1] = span(xs);
  const [y0, y1] = span(ys);
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const dots = fig.points
    .map((p) => `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="2.2" fill="${PALETTE[p.group % PALETTE.length]}" fill-opacity="0.55"/>`)
    .join("");
  const legend = fig.groupNames
    .map((g, i) => `<circle cx="${W - m.r + 16}" cy="${m.t + 14 + i * 16}" r="4" fill="${PALETTE[i % PALETTE.length]}"/><text x="${W - m.r + 26}" y="${m.t + 18 + i * 16}" font-size="11">${esc(g)}</text>`)
    .join("");
  return (
    frameOpen(W, H, m, [fig.title], fig.xLabel, fig.yLabel, "") +
    `<text x="${m.l}" y="${H - m.b + 14}" font-size="9">${x0.toPrecision(3)}</text><text x="${W - m.r}" y="${H - m.b + 14}" font-size="9" text-anchor="end">${x1.toPrecision(3)}</text>` +
    `<text x="${m.l - 4}" y="${H - m.b}" font-size="9" text-anchor="end">${y0.toPrecision(3)}</text><text x="${m.l - 4}" y="${m.t + 8}" font-size="9" text-anchor="end">${y1.toPrecision(3)}</text>` +
    dots +
    legend +
    `</svg>`
  );
}

/**
 * A 460x340 line chart: one polyline per series with markers, error bars where a point has an
 * interval, dashed reference lines, axis ranges printed at the corners, and a legend. Non-finite
 * points are left out (a gap in the curve).
 */
export function lineSvg(fig: LineFigure): string {
  // The legend column grows with the longest series name (about 6.5 px per character at 11 px).
  const legendWidth = Math.max(130, 40 + Math.ceil(6.5 * Math.max(0, ...fig.series.map((x) => x.name.length))));
  const W = 430 + legendWidth;
  const H = 360;
  const title = wrap(fig.title, Math.floor((W - 60) / 7.5));
  const m = { l: 56, r: legendWidth, t: 20 + 15 * title.length, b: 44 };
  const pts = fig.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = pts.map((p) => p.x);
  const ys = [...pts.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]).filter(Number.isFinite), ...(fig.refLines ?? []).map((r) => r.y), 0];
  const lim = (v: number[], pad: number) => {
    const lo = v.length ? Math.min(...v) : 0;
    const hi = v.length ? Math.max(...v) : 1;
    return hi - lo < 1e-9 ? [lo - 1, hi + 1] : [lo - pad * (hi - lo), hi + pad * (hi - lo)];
  };
  const [x0, x1] = lim(xs, 0.03);
  const [y0, y1] = lim(ys, 0.05);
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const f = (v: number) => v.toFixed(1);
  const grid =
    niceTicks(x0, x1)
      .map((t) => `<line x1="${f(px(t))}" x2="${f(px(t))}" y1="${m.t}" y2="${H - m.b}" stroke="#eee"/><text x="${f(px(t))}" y="${H - m.b + 13}" font-size="9" text-anchor="middle">${tickLabel(t)}</text>`)
      .join("") +
    niceTicks(y0, y1)
      .map((t) => `<line x1="${m.l}" x2="${W - m.r}" y1="${f(py(t))}" y2="${f(py(t))}" stroke="#eee"/><text x="${m.l - 4}" y="${f(py(t) + 3)}" font-size="9" text-anchor="end">${tickLabel(t)}</text>`)
      .join("");
  const body = fig.series
    .map((s, i) => {
      const c = PALETTE[i % PALETTE.length];
      const ok = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      const line = ok.length > 1 ? `<polyline fill="none" stroke="${c}" stroke-width="1.6" points="${ok.map((p) => `${f(px(p.x))},${f(py(p.y))}`).join(" ")}"/>` : "";
      const bars = ok
        .filter((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi))
        .map((p) => `<line x1="${f(px(p.x))}" x2="${f(px(p.x))}" y1="${f(py(p.lo!))}" y2="${f(py(p.hi!))}" stroke="${c}" stroke-opacity="0.6"/>`)
        .join("");
      const dots = ok.map((p) => `<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="2.4" fill="${c}"/>`).join("");
      return line + bars + dots;
    })
    .join("");
  const refs = (fig.refLines ?? [])
    .map((r) => `<line x1="${m.l}" x2="${W - m.r}" y1="${f(py(r.y))}" y2="${f(py(r.y))}" stroke="#555" stroke-dasharray="5 4"/><text x="${W - m.r - 4}" y="${f(py(r.y) - 4)}" font-size="10" text-anchor="end">${esc(r.label)}</text>`)
    .join("");
  const legend = fig.series
    .map((s, i) => `<line x1="${W - m.r + 10}" x2="${W - m.r + 26}" y1="${m.t + 12 + i * 16}" y2="${m.t + 12 + i * 16}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2"/><text x="${W - m.r + 30}" y="${m.t + 16 + i * 16}" font-size="11">${esc(s.name)}</text>`)
    .join("");
  return (
    frameOpen(W, H, m, title, fig.xLabel, fig.yLabel, grid) +
    refs +
    body +
    legend +
    `</svg>`
  );
}

/** Split a title into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
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

/** About `target` round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The round step whose tick count is closest to the target.
  const step = [1, 2, 5, 10].map((k) => k * mag).reduce((best, s) => (Math.abs((hi - lo) / s - target) < Math.abs((hi - lo) / best - target) ? s : best));
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) out.push(Math.abs(t) < 1e-12 * step ? 0 : Number(t.toPrecision(12)));
  return out;
}

function tickLabel(t: number): string {
  return Number.isInteger(t) ? String(t) : String(Number(t.toPrecision(3)));
}

/**
 * The first two principal components of row-major [rows, width] data (power iteration with
 * deflation on the covariance; deterministic). Width 1 gives (z, 0).
 */
export function pca2(z: readonly number[], width: number): { x: number[]; y: number[] } {
  const rows = z.length / width;
  const mean = new Array(width).fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += z[r * width + j] / rows;
  const cov = Array.from({ length: width }, () => new Array(width).fill(0));
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) cov[i][j] += ((z[r * width + i] - mean[i]) * (z[r * width + j] - mean[j])) / rows;
  const comps: number[][] = [];
  for (let c = 0; c < Math.min(2, width); c++) {
    let v = Array.from({ length: width }, (_, i) => 1 / Math.sqrt(width) + (i === c ? 0.5 : 0));
    for (let it = 0; it < 200; it++) {
      const w = cov.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
      const norm = Math.hypot(...w);
      if (norm < 1e-12) break;
      v = w.map((a) => a / norm);
    }
    comps.push(v);
    const lambda = cov.reduce((s, row, i) => s + v[i] * row.reduce((t, a, j) => t + a * v[j], 0), 0);
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) cov[i][j] -= lambda * v[i] * v[j];
  }
  const proj = (comp: number[] | undefined) =>
    Array.from({ length: rows }, (_, r) => (comp ? comp.reduce((s, a, j) => s + a * (z[r * width + j] - mean[j]), 0) : 0));
  return { x: proj(comps[0]), y: proj(comps[1]) };
}
