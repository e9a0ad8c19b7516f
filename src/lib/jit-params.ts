/**
 * The JIT's parameters, with RPython's names, meanings and defaults (rpython/rlib/jit.py
 * PARAMETERS, PARAMETER_DOCS), and the parser of their text form: PyPy's `--jit` option and
 * rlib.jit.set_user_param, here the RTS_JIT environment variable and `driver.setUserParam`.
 *
 *     off                                   never trace (threshold and function_threshold -1)
 *     default                               every parameter back to its default
 *     threshold=3,trace_eagerness=2         name=value items separated by commas (spaces around
 *                                           an item are ignored, as PyPy's strip(' '))
 *     enable_opts=intbounds:rewrite:pure    the optimizer's passes, colon-separated; "all" is
 *                                           every pass, the empty value none
 *
 * Integer values are decimal, optionally negative; a threshold of 0 or less means never (as
 * RPython's compute_threshold). Not taken from RPython: the vectorizer's parameters (vec, vec_all,
 * vec_cost; there is no vectorizer) and its trace_limit cap of 2^14 (the trace limit only bounds
 * recording here). An unknown name, a malformed value or an unknown pass is an error: RTS_JIT
 * stops the program at start (src/runtime/settings.ts), setUserParam reports it to the caller.
 *
 * In src/lib, not the runtime, because the library's JitDriver.setParam checks names against it
 * untranslated and the annotator checks them at translation time, and lib imports no stage
 * (the runtime imports lib).
 *
 * RTS: the parser allocates nothing (it runs in the start check, before the collector exists);
 * it reads its text through a ParamText, which the settings check gives over the environment's
 * bytes and setUserParam over a string.
 */

import { loadByte } from "rts/system";

/** Bits of JitParams.enableOpts, one per optimizer pass, in the optimizer's order (RPython's ALL_OPTS without earlyforce). */
export const ALL_OPTS = ["intbounds", "rewrite", "virtualize", "string", "pure", "heap", "unroll"];
/** Every bit of ALL_OPTS. */
export const ALL_OPTS_MASK = 127;

/** One parameter: its name, its default (a pass mask for enable_opts) and what it does. */
export class JitParameter {
  readonly name: string;
  readonly defaultValue: number;
  readonly doc: string;

  constructor(name: string, defaultValue: number, doc: string) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.doc = doc;
  }
}

// Indexes into JIT_PARAMETERS and JitParams.values.
export const P_THRESHOLD = 0;
export const P_FUNCTION_THRESHOLD = 1;
export const P_TRACE_EAGERNESS = 2;
export const P_DECAY = 3;
export const P_TRACE_LIMIT = 4;
export const P_INLINING = 5;
export const P_LOOP_LONGEVITY = 6;
export const P_RETRACE_LIMIT = 7;
export const P_MAX_RETRACE_GUARDS = 8;
export const P_MAX_UNROLL_LOOPS = 9;
export const P_DISABLE_UNROLLING = 10;
export const P_ENABLE_OPTS = 11;
export const P_MAX_UNROLL_RECURSION = 12;

/** Every parameter, in the order of the P_* indexes (RPython's order). */
export const JIT_PARAMETERS: JitParameter[] = [
  new JitParameter("threshold", 1039, "number of times a loop has to run for it to become hot"),
  new JitParameter("function_threshold", 1619, "number of times a function must run for it to become traced from start"),
  new JitParameter("trace_eagerness", 200, "number of times a guard has to fail before we start compiling a bridge"),
  new JitParameter("decay", 40, "amount to regularly decay counters by (0=none, 1000=max)"),
  new JitParameter("trace_limit", 6000, "number of recorded operations before we abort tracing with ABORT_TOO_LONG"),
  new JitParameter("inlining", 1, "inline python functions or not (1/0)"),
  new JitParameter("loop_longevity", 1000, "a parameter controlling how long loops will be kept before being freed, an estimate"),
  new JitParameter("retrace_limit", 0, "how many times we can try retracing before giving up"),
  new JitParameter("max_retrace_guards", 15, "number of extra guards a retrace can cause"),
  new JitParameter("max_unroll_loops", 0, "number of extra unrollings a loop can cause"),
  new JitParameter("disable_unrolling", 200, "after how many operations we should not unroll"),
  new JitParameter("enable_opts", ALL_OPTS_MASK, "optimizations to enable, or all = intbounds:rewrite:virtualize:string:pure:heap:unroll"),
  new JitParameter("max_unroll_recursion", 7, "how many levels deep to unroll a recursive function"),
];

/** What the error message of a malformed RTS_JIT says it takes. */
export const JIT_PARAMS_FORMS =
  "off, default, or name=value items separated by commas, such as threshold=3,trace_eagerness=2; the names are threshold, function_threshold, trace_eagerness, decay, trace_limit, inlining, loop_longevity, retrace_limit, max_retrace_guards, max_unroll_loops, disable_unrolling, max_unroll_recursion (integers) and enable_opts (all, or passes separated by colons: intbounds, rewrite, virtualize, string, pure, heap, unroll)";

/** The values of every parameter, by P_* index. */
export class JitParams {
  readonly values: number[] = [];

  constructor() {
    for (let i = 0; i < JIT_PARAMETERS.length; i++) this.values.push(JIT_PARAMETERS[i]!.defaultValue);
  }

  get(index: number): number {
    return this.values[index]!;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }

  /** Whether the optimizer pass named ALL_OPTS[pass] is on. */
  optEnabled(pass: number): boolean {
    return Math.floor(this.values[P_ENABLE_OPTS]! / 2 ** pass) % 2 === 1;
  }

  /** Every parameter back to its default. */
  reset(): void {
    for (let i = 0; i < JIT_PARAMETERS.length; i++) this.values[i] = JIT_PARAMETERS[i]!.defaultValue;
  }
}

/** The index of the parameter called name, or -1. */
export function jitParameterIndex(name: string): number {
  for (let i = 0; i < JIT_PARAMETERS.length; i++) {
    if (JIT_PARAMETERS[i]!.name === name) return i;
  }
  return -1;
}

/** The mask of the enable_opts text ("all", "", or pass names separated by colons), or -1 when a name is unknown. */
export function enableOptsMask(text: string): number {
  return parseOpts(new StringParamText(text), 0, text.length);
}

/** The enable_opts text of a pass mask (what optimizeopt/optimize.ts optimizeTrace takes): the passes' names, colon-separated, in order. */
export function enableOptsText(mask: number): string {
  let text = "";
  for (let k = 0; k < ALL_OPTS.length; k++) {
    if (Math.floor(mask / 2 ** k) % 2 === 1) text = text === "" ? ALL_OPTS[k]! : text + ":" + ALL_OPTS[k]!;
  }
  return text;
}

/**
 * Text the parser reads, one UTF-16 code unit (or byte) at a time: a string, or with a non-zero
 * address the NUL-terminated bytes there (the environment, in the start check). One class, not a
 * subclass per source: a call through a method slot would need its record built when the
 * program's slots are fixed, and the parser is also reached from helpers the rtyper lowers on
 * demand, later (jitSetUserParam).
 */
export class ParamText {
  text: string;
  address: number;

  constructor(text: string, address: number) {
    this.text = text;
    this.address = address;
  }

  /** The code at position i, or 0 at and after the end. */
  code(i: number): number {
    if (this.address !== 0) return loadByte(this.address, i);
    return i < this.text.length ? this.text.charCodeAt(i) : 0;
  }
}

/** A string as ParamText (setUserParam, tests). */
export class StringParamText extends ParamText {
  constructor(text: string) {
    super(text, 0);
  }
}

const CHAR_SPACE = 32;
const CHAR_COMMA = 44;
const CHAR_MINUS = 45;
const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_COLON = 58;
const CHAR_EQUALS = 61;
/** Values past this are malformed: keeps every step of the decimal reading an exact integer. */
const MAX_VALUE = 1000000000000000; // 10^15
/** Below every value a text can set: a JitParams filled with it shows which parameters a text set (jitSetUserParam). */
export const PARAM_NOT_SET = -MAX_VALUE - 1;

/** Whether the text from start to end is exactly word. */
function spanIs(text: ParamText, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (text.code(start + i) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** The index of the parameter named by the span, or -1. */
function spanParameter(text: ParamText, start: number, end: number): number {
  for (let p = 0; p < JIT_PARAMETERS.length; p++) {
    if (spanIs(text, start, end, JIT_PARAMETERS[p]!.name)) return p;
  }
  return -1;
}

/**
 * driver.setUserParam(text): whether the text is well formed, and then (params not null) its
 * parameters set. A NUL character is malformed (the parser reads code 0 as the end).
 */
export function parseUserParams(text: string, params: JitParams | null): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0) return false;
  }
  return parseJitParams(new StringParamText(text), params) < 0;
}

/** The decimal integer of the span (an optional minus, then digits), or NaN when malformed. */
function spanInteger(text: ParamText, start: number, end: number): number {
  let i = start;
  let sign = 1;
  if (i < end && text.code(i) === CHAR_MINUS) {
    sign = -1;
    i++;
  }
  if (i === end) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const c = text.code(i);
    if (c < CHAR_0 || c > CHAR_9) return NaN;
    value = value * 10 + (c - CHAR_0);
    if (value > MAX_VALUE) return NaN;
  }
  return sign * value;
}

/** The pass mask of the span ("all", empty, or pass names separated by colons), or -1. */
function parseOpts(text: ParamText, start: number, end: number): number {
  if (spanIs(text, start, end, "all")) return ALL_OPTS_MASK;
  let mask = 0;
  let at = start;
  while (at < end) {
    let stop = at;
    while (stop < end && text.code(stop) !== CHAR_COLON) stop++;
    let found = -1;
    for (let k = 0; k < ALL_OPTS.length; k++) {
      if (spanIs(text, at, stop, ALL_OPTS[k]!)) found = k;
    }
    if (found < 0) return -1;
    if (Math.floor(mask / 2 ** found) % 2 === 0) mask += 2 ** found;
    at = stop + 1;
    if (stop < end && at === end) return -1; // a trailing colon
  }
  return mask;
}

/**
 * Reads the parameters' text and, when params is not null, sets what it says (nothing is set
 * when the text is malformed: it is read twice, to check and then to apply). Returns -1 when the
 * text is well formed, else the position of the item that is not.
 */
export function parseJitParams(text: ParamText, params: JitParams | null): number {
  let end = 0;
  while (text.code(end) !== 0) end++;
  if (spanIs(text, 0, end, "off")) {
    if (params !== null) {
      params.set(P_THRESHOLD, -1);
      params.set(P_FUNCTION_THRESHOLD, -1);
    }
    return -1;
  }
  if (spanIs(text, 0, end, "default")) {
    if (params !== null) params.reset();
    return -1;
  }
  const bad = applyItems(text, end, null);
  if (bad >= 0 || params === null) return bad;
  return applyItems(text, end, params);
}

/** The name=value items of the text up to end; sets them on params when it is not null. */
function applyItems(text: ParamText, end: number, params: JitParams | null): number {
  let at = 0;
  for (;;) {
    let stop = at;
    while (stop < end && text.code(stop) !== CHAR_COMMA) stop++;
    let first = at;
    let last = stop;
    while (first < last && text.code(first) === CHAR_SPACE) first++;
    while (last > first && text.code(last - 1) === CHAR_SPACE) last--;
    let equals = first;
    while (equals < last && text.code(equals) !== CHAR_EQUALS) equals++;
    if (equals === last) return at;
    const p = spanParameter(text, first, equals);
    if (p < 0) return at;
    let value: number;
    if (p === P_ENABLE_OPTS) {
      value = parseOpts(text, equals + 1, last);
      if (value < 0) return at;
    } else {
      value = spanInteger(text, equals + 1, last);
      if (value !== value) return at;
    }
    if (params !== null) params.set(p, value);
    if (stop === end) return -1;
    at = stop + 1;
  }
}
