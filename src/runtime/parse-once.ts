/**
 * Parse once (issue 20): a config is checked in one place and then trusted. `parseOnce` turns a
 * validator into a parser that returns a frozen copy of a valid config and remembers it, and an
 * entry check that only confirms (a WeakSet lookup, not a second validation) that an object came
 * from that parser. A spread copy of a parsed config is a new object, so it is refused until it
 * is parsed itself. Used by the checkerboard and CIFAR run configs (src/training).
 */

/** Freeze an object and everything it holds. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

export interface ParseOnce<Raw extends object, Parsed extends Raw> {
  /** Check `raw` (the validator throws naming the problem) and return a frozen copy; a parsed object is returned unchanged. */
  parse(raw: Raw): Parsed;
  /** Whether `v` is an object `parse` returned. */
  isParsed(v: Raw): v is Parsed;
  /** Throws, naming `where` and the fix, unless `v` is an object `parse` returned. */
  require(v: Raw, where: string): asserts v is Parsed;
}

/**
 * A parser for one kind of config. `what` names it in errors ("checkerboard config"); `fix` says
 * how to obtain a parsed one; `build` may replace parts of the copy by their own parsed form
 * (e.g. an arm's training config) before it is frozen.
 */
export function parseOnce<Raw extends object, Parsed extends Raw>(what: string, fix: string, validate: (raw: Raw) => void, build: (copy: Raw, raw: Raw) => Raw = (copy) => copy): ParseOnce<Raw, Parsed> {
  const parsed = new WeakSet<object>();
  return {
    parse(raw: Raw): Parsed {
      if (parsed.has(raw)) return raw as Parsed;
      validate(raw);
      const v = deepFreeze(build(structuredClone(raw), raw));
      parsed.add(v);
      return v as Parsed;
    },
    isParsed: (v: Raw): v is Parsed => parsed.has(v),
    require(v: Raw, where: string): asserts v is Parsed {
      if (!parsed.has(v)) throw new Error(`${where}: the ${what} was not parsed: ${fix} (a spread copy of a parsed ${what} is a new, unchecked one)`);
    },
  };
}
