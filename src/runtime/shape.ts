/**
 * Structural checks of parsed JSON (cache entries, files written by an earlier run): a `Check`
 * appends the problems it finds, each naming its path (`info[3].bits: expected a number, got
 * "x"`). Object checks require their fields and ignore extra ones. JSON has no NaN or Infinity
 * (JSON.stringify writes null), so a field that may hold them is `nullable(num)`.
 *
 *   const point = objectOf({ bits: num, layer: int, label: oneOf("colour", "direction") });
 *   shapeProblems(JSON.parse(text), arrayOf(point)); // [] when it fits
 */
import { showValue } from "./format.js";

export type Check = (value: unknown, path: string, out: string[]) => void;

/** Problems listed at most (the first few say what is wrong; a thousand say nothing more). */
export const MAX_SHAPE_PROBLEMS = 5;

function push(out: string[], path: string, want: string, v: unknown): void {
  if (out.length < MAX_SHAPE_PROBLEMS) out.push(`${path || "(top)"}: expected ${want}, got ${showValue(v)}`);
}

const typed = (want: string, ok: (v: unknown) => boolean): Check => (v, path, out) => {
  if (!ok(v)) push(out, path, want, v);
};

export const num: Check = typed("a number", (v) => typeof v === "number");
export const int: Check = typed("an integer", (v) => typeof v === "number" && Number.isInteger(v));
export const str: Check = typed("a string", (v) => typeof v === "string");
export const bool: Check = typed("true or false", (v) => typeof v === "boolean");

/** null or what `c` accepts. */
export const nullable = (c: Check): Check => (v, path, out) => {
  if (v !== null) c(v, path, out);
};

/** One of the listed values (strings or numbers). */
export const oneOf = (...values: readonly (string | number)[]): Check => typed(`one of ${values.map((x) => showValue(x)).join(", ")}`, (v) => values.includes(v as string | number));

/** An array whose every item `item` accepts. */
export const arrayOf = (item: Check): Check => (v, path, out) => {
  if (!Array.isArray(v)) return push(out, path, "an array", v);
  for (let i = 0; i < v.length && out.length < MAX_SHAPE_PROBLEMS; i++) item(v[i], `${path}[${i}]`, out);
};

/** An object with every field of `fields` (extra fields are allowed) and, when present, those of `optional`. */
export const objectOf = (fields: Record<string, Check>, optional: Record<string, Check> = {}): Check => (v, path, out) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return push(out, path, "an object", v);
  const o = v as Record<string, unknown>;
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const [k, c] of Object.entries(fields)) {
    if (!(k in o)) {
      if (out.length < MAX_SHAPE_PROBLEMS) out.push(`${at(k)}: missing`);
    } else c(o[k], at(k), out);
  }
  for (const [k, c] of Object.entries(optional)) if (k in o) c(o[k], at(k), out);
};

/** The problems `check` finds in `value` (empty: it fits). */
export function shapeProblems(value: unknown, check: Check): string[] {
  const out: string[] = [];
  check(value, "", out);
  return out;
}
