/**
 * The marks that the hint functions of the rts library put on live functions at import time.
 * The translator reads them back with hintsOf(); untranslated, they change nothing.
 */

/** The names of the function hints, as RPython spells them in TypeScript casing. */
export type FunctionHint = "elidable" | "unrollSafe" | "dontLookInside";

/** Key of the property holding a function's hints; a registered symbol so every copy agrees. */
const HINTS = Symbol.for("rts.hints");

type Marked = { [HINTS]?: FunctionHint[] };

/** Marks fn with hint and returns it unchanged; throws a clear error when fn is not a function. */
export function markFunction<F>(hint: FunctionHint, fn: F): F {
  if (typeof fn !== "function") {
    throw new TypeError(`${hint}() expects a function, got ${describe(fn)}`);
  }
  const marked = fn as Marked;
  const hints = marked[HINTS] ?? [];
  if (!hints.includes(hint)) {
    Object.defineProperty(fn, HINTS, { value: [...hints, hint], configurable: true });
  }
  return fn;
}

/** The hints placed on a live function, in the order they were applied. */
export function hintsOf(fn: unknown): readonly FunctionHint[] {
  if (typeof fn !== "function") return [];
  return (fn as Marked)[HINTS] ?? [];
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value)}`;
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "function":
      return `function ${value.name || "(anonymous)"}`;
    default:
      return `a ${typeof value}`;
  }
}
