import type { Scale } from "../interfaces.js";

/** Scale from CLAIMS_SCALE: `paper` (default, the PROTOCOL.md protocol) or `ci` (reduced). */
export function currentScale(env: string | undefined = process.env.CLAIMS_SCALE): Scale {
  const s = env ?? "paper";
  if (s !== "paper" && s !== "ci") throw new Error(`CLAIMS_SCALE=${s} is not a scale; use 'paper' or 'ci'`);
  return s;
}
