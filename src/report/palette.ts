/**
 * Fixed colours of the report's figures, the same in every figure: one colour family per label
 * (colour blues, direction oranges, fine purples, coarse greens) with depth as shade (deeper
 * layers darker), a fixed colour per checkerboard run, and for any other series name a colour
 * chosen by a hash of the name (so a name keeps its colour across figures and runs).
 */

/** Six shades per label family, light to dark. */
export const FAMILY_RAMPS: Record<string, readonly string[]> = {
  colour: ["#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"],
  direction: ["#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#a63603", "#7f2704"],
  fine: ["#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d"],
  coarse: ["#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b"],
};

/** Checkerboard runs: fixed across fig6, fig7 and any other figure with one series per run. */
export const RUN_COLOURS: Record<string, string> = {
  "CB-2": "#1b9e77",
  "CB-10": "#d95f02",
  "CB-20": "#7570b3",
  "CB-25": "#e7298a",
};

/** Readings of Z (the last-layer colour figure shows all three): fixed across figures. */
export const READING_COLOURS: Record<string, string> = {
  "whitened (registered)": "#08519c",
  raw: "#969696",
  standardised: "#e6550d",
};

/** Categorical colours for other series and for scatter groups (tableau10 without grey). */
export const CATEGORICAL = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"];

/** The label family a figure's curves measure, from its declared family, name or axis label (null: none). */
export function familyOf(fig: { family?: string; name: string; yLabel: string }): string | null {
  if (fig.family && FAMILY_RAMPS[fig.family]) return fig.family;
  const text = `${fig.name} ${fig.yLabel}`.toLowerCase();
  for (const f of Object.keys(FAMILY_RAMPS)) if (text.includes(f)) return f;
  return null;
}

/** Shade `depth` (1-based) of `count` layers from a family ramp, spread over the ramp, deepest darkest. */
export function depthShade(family: string, depth: number, count: number): string {
  const ramp = FAMILY_RAMPS[family];
  if (count <= 1) return ramp[ramp.length - 2];
  const i = Math.round(((depth - 1) / (count - 1)) * (ramp.length - 1));
  return ramp[Math.min(ramp.length - 1, Math.max(0, i))];
}

/** FNV-1a hash of a string (32-bit), for stable colour choice by name. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Colours of a line figure's series, in order: "layer k" series take the family's shade of
 * depth k when the figure has a family; run names take RUN_COLOURS; anything else a colour
 * picked by name (distinct within the figure where possible).
 */
export function seriesColours(fig: { family?: string; name: string; yLabel: string; series: readonly { name: string }[] }): string[] {
  const family = familyOf(fig);
  const depths = fig.series.map((s) => /^layer (\d+)$/.exec(s.name)).map((m) => (m ? Number(m[1]) : null));
  const layers = Math.max(0, ...depths.map((d) => d ?? 0));
  const used = new Set<string>();
  return fig.series.map((s, i) => {
    const depth = depths[i];
    let c: string;
    if (family && depth !== null) c = depthShade(family, depth, layers);
    else if (RUN_COLOURS[s.name]) c = RUN_COLOURS[s.name];
    else if (READING_COLOURS[s.name]) c = READING_COLOURS[s.name];
    else {
      const start = hash(s.name) % CATEGORICAL.length;
      let k = 0;
      while (k < CATEGORICAL.length && used.has(CATEGORICAL[(start + k) % CATEGORICAL.length])) k++;
      c = CATEGORICAL[(start + k) % CATEGORICAL.length];
    }
    used.add(c);
    return c;
  });
}
