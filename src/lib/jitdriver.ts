/**
 * JitDriver, untranslated: it does no optimisation, but it checks every use the way RPython's
 * JitDriver does, so that a wrong hint is found while the interpreter is still tested on Node
 * rather than at translation time.
 */

import { describe } from "./hints.js";
import { JIT_PARAMETERS, P_ENABLE_OPTS, enableOptsMask, jitParameterIndex, parseUserParams } from "./jit-params.js";

/** What a JitDriver is made from. */
export interface JitDriverSpec {
  /** Variables that identify a position in the user program (constant within one trace). */
  greens: readonly string[];
  /** The other live variables of the dispatch loop. */
  reds: readonly string[];
  /** A name for logs and error messages (default: "jitdriver"). */
  name?: string;
  /** Turns the green values into a readable position for JIT logs. */
  getPrintableLocation?: (...greens: never[]) => string;
}

/** The error thrown when a hint is used in a way the JIT could not honour. */
export class JitHintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JitHintError";
  }
}

/** How many calls of each hint of a driver are checked before the hint becomes a no-op. */
const CHECK_ALL = 100_000;

/** What a hint becomes once its calls have been checked. */
function uncheckedHint(_vars: Record<string, unknown>): void {}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Describes the dispatch loop of an interpreter to the JIT: which variables are green and red. */
export class JitDriver {
  readonly name: string;
  readonly greens: readonly string[];
  readonly reds: readonly string[];
  readonly getPrintableLocation: ((...greens: never[]) => string) | undefined;
  /** Every declared variable, for the per-call check; a null-prototype object is the fast lookup. */
  private readonly declared: Record<string, true>;
  /** Checked calls of each hint so far (see checkVars). */
  private mergePointCalls = 0;
  private enterCalls = 0;

  constructor(spec: JitDriverSpec) {
    if (spec === null || typeof spec !== "object") {
      throw new JitHintError(`new JitDriver() expects { greens: [...], reds: [...] }, got ${describe(spec)}`);
    }
    this.name = spec.name ?? "jitdriver";
    this.greens = checkNames(this.name, "greens", spec.greens);
    this.reds = checkNames(this.name, "reds", spec.reds);
    this.declared = Object.create(null) as Record<string, true>;
    for (const name of this.greens) this.declared[name] = true;
    for (const name of this.reds) {
      if (this.declared[name]) {
        throw new JitHintError(`JitDriver ${this.name}: '${name}' is declared both green and red`);
      }
      this.declared[name] = true;
    }
    if (spec.getPrintableLocation !== undefined && typeof spec.getPrintableLocation !== "function") {
      throw new JitHintError(`JitDriver ${this.name}: getPrintableLocation must be a function`);
    }
    this.getPrintableLocation = spec.getPrintableLocation;
  }

  /** Marks the top of the dispatch loop; vars names every green and red, and nothing else. */
  jitMergePoint(vars: Record<string, unknown>): void {
    this.checkVars("jitMergePoint", vars);
  }

  /** Marks a backward jump of the user program, where a hot loop may start to be traced. */
  canEnterJit(vars: Record<string, unknown>): void {
    this.checkVars("canEnterJit", vars);
  }

  /**
   * Sets one of the JIT's parameters (RPython's set_param; jit-params.ts lists them): an integer,
   * or for enable_opts the optimizer's passes separated by colons ("all", "" for none). The
   * parameters belong to the whole JIT, not to this driver (RPython's set_param with driver
   * None). Untranslated there is no JIT: the name and value are checked, nothing is set.
   * Translated, the name must be a constant string and the annotator checks both.
   */
  setParam(name: string, value: number | string): void {
    const index = typeof name === "string" ? jitParameterIndex(name) : -1;
    if (index < 0) {
      throw new JitHintError(`${this.name}.setParam(): ${describe(name)} is not a JIT parameter (${JIT_PARAMETERS.map((p) => p.name).join(", ")})`);
    }
    if (index === P_ENABLE_OPTS) {
      if (typeof value !== "string" || enableOptsMask(value) < 0) {
        throw new JitHintError(`${this.name}.setParam(): enable_opts takes "all", or the optimizer's passes separated by colons (intbounds:rewrite:virtualize:string:pure:heap:unroll), got ${describe(value)}`);
      }
    } else if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new JitHintError(`${this.name}.setParam(): ${name} takes an integer, got ${describe(value)}`);
    }
  }

  /**
   * Sets the JIT's parameters from their text, as PyPy's --jit option (RPython's set_user_param):
   * "off", "default", or name=value items separated by commas. Returns whether the text is well
   * formed; only then is it applied (RPython raises ValueError instead: a boolean needs no
   * exception class). Untranslated there is no JIT: the text is parsed and nothing is set.
   */
  setUserParam(text: string): boolean {
    if (typeof text !== "string") throw new JitHintError(`${this.name}.setUserParam() takes a string, got ${describe(text)}`);
    return parseUserParams(text, null);
  }

  /**
   * The hints run once per interpreted instruction, and building the object each call passes
   * costs more than the rest of a simple interpreter's dispatch. Each call site passes an object
   * literal whose names are fixed in the source, so the first calls show any mistake: the first
   * CHECK_ALL calls of each hint are checked, then the hint becomes an empty method, which lets
   * V8 drop the object entirely. (The translator checks every call site statically.)
   */
  private checkVars(hint: "jitMergePoint" | "canEnterJit", vars: Record<string, unknown>): void {
    this.checkAllVars(hint, vars);
    if (hint === "jitMergePoint" ? ++this.mergePointCalls === CHECK_ALL : ++this.enterCalls === CHECK_ALL) {
      Object.defineProperty(this, hint, { value: uncheckedHint, configurable: true });
    }
  }

  private checkAllVars(hint: string, vars: Record<string, unknown>): void {
    if (vars === null || typeof vars !== "object") {
      throw new JitHintError(`${this.name}.${hint}() expects an object naming the greens and reds, got ${describe(vars)}`);
    }
    let count = 0;
    for (const key in vars) {
      if (this.declared[key] !== true) {
        throw new JitHintError(
          `${this.name}.${hint}(): '${key}' is neither a green nor a red (${this.declaredList()})`,
        );
      }
      count++;
    }
    if (count !== this.greens.length + this.reds.length) {
      for (const name of this.greens) this.requirePresent(hint, vars, name, "green");
      for (const name of this.reds) this.requirePresent(hint, vars, name, "red");
    }
  }

  private requirePresent(hint: string, vars: Record<string, unknown>, name: string, kind: string): void {
    if (!Object.prototype.hasOwnProperty.call(vars, name)) {
      throw new JitHintError(`${this.name}.${hint}(): missing ${kind} variable '${name}' (${this.declaredList()})`);
    }
  }

  private declaredList(): string {
    return `greens: ${this.greens.join(", ") || "none"}; reds: ${this.reds.join(", ") || "none"}`;
  }
}

function checkNames(driver: string, kind: string, names: unknown): readonly string[] {
  if (!Array.isArray(names)) {
    throw new JitHintError(`JitDriver ${driver}: ${kind} must be an array of variable names, got ${describe(names)}`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
      throw new JitHintError(`JitDriver ${driver}: ${kind} must name variables, got ${describe(name)}`);
    }
    if (seen.has(name)) {
      throw new JitHintError(`JitDriver ${driver}: '${name}' is listed twice in ${kind}`);
    }
    seen.add(name);
  }
  return Object.freeze([...seen]);
}
