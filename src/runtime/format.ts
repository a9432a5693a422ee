/**
 * Values as error messages should show them. JSON.stringify turns NaN and Infinity into `null`
 * (so `lr: NaN` used to read "lr = null"); here numbers print as JavaScript prints them (NaN,
 * Infinity, -Infinity), strings quoted, undefined as undefined, arrays and plain objects
 * recursively, and the result is cut at MAX_SHOWN_CHARS.
 */

/** Longest text `showValue` returns (a huge array in a message helps nobody). */
export const MAX_SHOWN_CHARS = 200;

function show(v: unknown, depth: number): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined || v === null || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "function" || typeof v === "symbol") return `<${typeof v}>`;
  if (depth > 3) return Array.isArray(v) ? "[...]" : "{...}";
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const items = Array.from(v as ArrayLike<unknown>);
    const head = items.slice(0, 20).map((x) => show(x, depth + 1));
    return `[${head.join(", ")}${items.length > 20 ? `, ... (${items.length} items)` : ""}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${show(x, depth + 1)}`);
  return `{${entries.join(", ")}}`;
}

/** A value for an error message: `showValue(NaN)` is "NaN", `showValue({ lr: NaN })` is `{"lr": NaN}`. */
export function showValue(v: unknown): string {
  const s = show(v, 0);
  return s.length > MAX_SHOWN_CHARS ? `${s.slice(0, MAX_SHOWN_CHARS - 3)}...` : s;
}
