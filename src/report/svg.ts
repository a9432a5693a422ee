/** Minimal SVG rendering for the report (no dependencies): scatter plots coloured by group. */
import type { ReportFigure } from "../interfaces.js";

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A 420x360 scatter plot with axes, labels and a legend. */
export function scatterSvg(fig: ReportFigure): string {
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
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    `<text x="${m.l}" y="18" font-size="12" font-weight="bold">${esc(fig.title)}</text>` +
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>` +
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" font-size="11" text-anchor="middle">${esc(fig.xLabel)}</text>` +
    `<text x="14" y="${(m.t + H - m.b) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${(m.t + H - m.b) / 2})">${esc(fig.yLabel)}</text>` +
    `<text x="${m.l}" y="${H - m.b + 14}" font-size="9">${x0.toPrecision(3)}</text><text x="${W - m.r}" y="${H - m.b + 14}" font-size="9" text-anchor="end">${x1.toPrecision(3)}</text>` +
    `<text x="${m.l - 4}" y="${H - m.b}" font-size="9" text-anchor="end">${y0.toPrecision(3)}</text><text x="${m.l - 4}" y="${m.t + 8}" font-size="9" text-anchor="end">${y1.toPrecision(3)}</text>` +
    dots +
    legend +
    `</svg>`
  );
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
