/**
 * Text widths for vega's layout in Node. Without a canvas vega estimates every character at 0.8
 * of the font size, which reserves ~50% too much room for titles, legends and labels (wide blank
 * margins). This table holds advance widths of a Helvetica/Arial-like sans-serif in em units
 * (the browser draws the SVG in its own sans-serif, within a few percent of these), and is
 * installed as vega's textMetrics.width.
 */
import * as vega from "vega";

/** Advance widths (em) by character class; anything unlisted counts 0.56 em (digits, most lower case). */
const EM: Record<string, number> = {};
for (const ch of " .,:;'!|ijl") EM[ch] = 0.28;
for (const ch of "()[]-frt/") EM[ch] = 0.33;
for (const ch of "Jcksvxyz") EM[ch] = 0.5;
for (const ch of "ABEKPSVXY&") EM[ch] = 0.67;
for (const ch of "CDHNRUw") EM[ch] = 0.72;
for (const ch of "GOQ") EM[ch] = 0.78;
for (const ch of "m%") EM[ch] = 0.83;
for (const ch of "MW") EM[ch] = 0.89;
EM.I = 0.28;
EM.F = 0.61;
EM.L = 0.56;
EM.T = 0.61;
EM.Z = 0.61;
EM["–"] = 0.56;
EM["≤"] = 0.58;
EM["≥"] = 0.58;

/** Width in px of `text` at `fontSize` px, bold ~7% wider. */
export function sansWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += EM[ch] ?? 0.56;
  return em * fontSize * (bold ? 1.07 : 1);
}

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

let installed = false;

/** Install sansWidth as vega's text measure (once per process). */
export function installTextMetrics(): void {
  if (installed) return;
  installed = true;
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item: TextItem, text?: unknown) => {
    const s = text === null || text === undefined ? "" : String(text).trim();
    const bold = item.fontWeight === "bold" || (typeof item.fontWeight === "number" && item.fontWeight >= 600);
    return sansWidth(s, item.fontSize ?? 11, bold);
  };
}
