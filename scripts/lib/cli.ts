/**
 * Entry helper of every script: strict argument parsing (node:util parseArgs: unknown or
 * misspelt flags and missing values are errors, values typed) with a usage line, and one
 * top-level handler that prints the error's message and its causes, never a stack through a
 * bundle's minified source, and exits 1 (2 for a usage error).
 *
 *   await runScript({ usage: "npx tsx scripts/x.ts RUN [--seeds 1,2]", options: { seeds: { type: "string" } } }, async ({ values, positionals }) => { ... });
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Scale } from "../../src/interfaces.js";

/** A bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ScriptSpec<O extends Options> {
  /** One line: how to call the script. */
  usage: string;
  options: O;
  /** Whether positional arguments are allowed (default false). */
  allowPositionals?: boolean;
}

/** The error and its causes, one per line. */
export function describeError(err: unknown): string {
  const lines: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && depth < 8; depth++) {
    lines.push(depth === 0 ? String(e instanceof Error ? e.message : e) : `caused by: ${e instanceof Error ? e.message : String(e)}`);
    e = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  }
  return lines.join("\n");
}

/**
 * Parse process.argv strictly and run `main`; on an error print its message (and causes) to
 * stderr and exit 1, or 2 with the usage for a UsageError or a parse error. When main resolves,
 * exits with the process.exitCode it set (a check that found something sets 1), else 0 (worker
 * threads and pools are not waited for).
 */
export async function runScript<O extends Options>(
  spec: ScriptSpec<O>,
  main: (args: ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean; strict: true }>>) => Promise<void> | void,
): Promise<never> {
  let args;
  try {
    args = parseArgs({ args: process.argv.slice(2), options: spec.options, allowPositionals: spec.allowPositionals ?? false, strict: true });
  } catch (err) {
    process.stderr.write(`${describeError(err)}\nusage: ${spec.usage}\n`);
    process.exit(2);
  }
  try {
    await main(args as never);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nusage: ${spec.usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${describeError(err)}\n`);
    process.exit(1);
  }
  process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
}

/**
 * A comma-separated list of positive integers ("1,2,3"); empty items, zeros, fractions, NaN
 * and duplicates are usage errors naming the flag.
 */
export function parseSeedList(flag: string, text: string): number[] {
  const items = text.split(",");
  const out: number[] = [];
  for (const item of items) {
    if (!/^\d+$/.test(item.trim())) throw new UsageError(`--${flag}: "${text}" is not a comma-separated list of positive integers (bad item "${item}")`);
    const n = Number(item.trim());
    if (n < 1) throw new UsageError(`--${flag}: seeds are integers >= 1, got ${n}`);
    if (out.includes(n)) throw new UsageError(`--${flag}: seed ${n} is listed twice`);
    out.push(n);
  }
  return out;
}

/** A non-negative integer option value, or a usage error naming the flag. */
export function parseCount(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${flag}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

/** The --scale option (else CLAIMS_SCALE, else `fallback`): paper or ci, or a usage error. */
export function parseScale(value: string | undefined, fallback: Scale = "paper"): Scale {
  const v = value ?? process.env.CLAIMS_SCALE ?? fallback;
  if (v !== "paper" && v !== "ci") throw new UsageError(`--scale must be paper or ci, got "${v}"${value === undefined ? " (from CLAIMS_SCALE)" : ""}`);
  return v;
}

/** One of `choices` for --flag, or a usage error listing them. */
export function parseChoice<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if (!choices.includes(value as C)) throw new UsageError(`--${flag} must be one of ${choices.join(", ")}, got "${value}"`);
  return value as C;
}
