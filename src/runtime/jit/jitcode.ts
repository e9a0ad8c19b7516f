/**
 * A jitcode (RPython's rpython/jit/codewriter/jitcode.py): the register bytecode of one LL graph
 * the JIT looks inside, as the codewriter (src/jit/codewriter) makes it and the meta-interpreter
 * and the blackhole interpreter (blackhole.ts) run it. RTS: prebuilt data of translated binaries
 * (classes with fields, arrays of numbers).
 *
 * The code is an array of numbers: an instruction's opcode (jitcode-insns.ts), then its operands
 * as its operand codes say, then its result register when it has one. Registers are numbered per
 * kind; a number from the kind's register count on is a constant of the kind's pool, so that a
 * frame's register file of a kind is its registers followed by its constants (`frameSize`).
 *
 * Liveness: a `live` instruction stands before each instruction that may guard and after each
 * call; it names an entry of `liveness`, the registers of each kind whose values the rest of the
 * jitcode may read from there. That is what resume data saves and what a frame rebuilt after a
 * guard failure holds (every other register of the frame may be garbage there).
 */

import { Descr } from "./history.js";

/** The registers live at a `live` instruction, by kind. */
export class LiveVars {
  readonly ints: number[];
  readonly refs: number[];
  readonly floats: number[];

  constructor(ints: number[], refs: number[], floats: number[]) {
    this.ints = ints;
    this.refs = refs;
    this.floats = floats;
  }
}

export class JitCode extends Descr {
  /** The instructions, encoded (see above); filled by the codewriter's assembler after construction. */
  code: number[];
  /** Registers per kind (the constants come after them). */
  numRegsI: number;
  numRegsR: number;
  numRegsF: number;
  /** The constant pools: integers (addresses of functions and raw structs too), references (prebuilt objects' addresses), floats. */
  constantsI: number[];
  constantsR: number[];
  constantsF: number[];
  /** What each constant stands for in dumps and traces (`ConstClass(name)`, a function's name), or "". */
  constantNamesI: string[];
  constantNamesR: string[];
  /** The live registers at each `live` instruction, by the index it gives. */
  liveness: LiveVars[];
  /** The descriptors the instructions name by index: fields, arrays, sizes, calls, switches, sites, drivers, and callees' jitcodes. */
  descrs: Descr[];
  /** The kinds of the arguments, one character each (`iri`), in the order of the graph's parameters. */
  argKinds: string;
  /** The arguments' registers, in the order of argKinds: argument k is in register argRegs[k] of its kind. */
  argRegs: number[];
  /** `i`, `r`, `f`, or `v` (no result). */
  resultKind: string;
  /**
   * The calls' positions in the source (the codewriter records those of inline calls):
   * callSites[k] is the call that ends at pc callSitePcs[k] (ascending), the pc a caller's frame
   * is at while its callee runs and after a resume. Not an operand of inline_call: frames know
   * the pc after the call, not the call's. Gives the call chain of an error in jitcodes.
   */
  callSitePcs: number[];
  callSites: SiteDescr[];
  /** The name stack traces show for a frame of this function (LLGraph.frameName), "" for one without a name. */
  frameName: string;

  constructor(name: string) {
    super(name);
    this.code = [];
    this.numRegsI = 0;
    this.numRegsR = 0;
    this.numRegsF = 0;
    this.constantsI = [];
    this.constantsR = [];
    this.constantsF = [];
    this.constantNamesI = [];
    this.constantNamesR = [];
    this.liveness = [];
    this.descrs = [];
    this.argKinds = "";
    this.argRegs = [];
    this.resultKind = "v";
    this.callSitePcs = [];
    this.callSites = [];
    this.frameName = "";
  }

  /** The site of the inline call that ends at pc (a caller frame's pc), or null. */
  callSiteAt(pc: number): SiteDescr | null {
    for (let k = 0; k < this.callSitePcs.length; k++) if (this.callSitePcs[k] === pc) return this.callSites[k]!;
    return null;
  }

  /** The size of a frame's register file of the kind: registers, then constants. */
  frameSize(kind: string): number {
    if (kind === "i") return this.numRegsI + this.constantsI.length;
    if (kind === "r") return this.numRegsR + this.constantsR.length;
    return this.numRegsF + this.constantsF.length;
  }

  numRegs(kind: string): number {
    if (kind === "i") return this.numRegsI;
    if (kind === "r") return this.numRegsR;
    return this.numRegsF;
  }
}

/** A switch's cases: the integer values and, for each, the pc it jumps to (RPython's SwitchDictDescr). */
export class SwitchDescr extends Descr {
  readonly values: number[];
  readonly targets: number[];

  constructor(name: string, values: number[], targets: number[]) {
    super(name);
    this.values = values;
    this.targets = targets;
  }

  /** The pc for the value, or -1 for the default (the next instruction). */
  targetOf(value: number): number {
    for (let k = 0; k < this.values.length; k++) if (this.values[k] === value) return this.targets[k]!;
    return -1;
  }
}

/**
 * Where a safety check or a fatal error is in the source: the place the program stops at when it
 * fails, as the LL interpreter and the backends say it (`file:line:column: message`). `message`
 * is the fixed message of debug_fatal; the checks make theirs from the values.
 */
export class SiteDescr extends Descr {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Whether stack traces show a frame at this site (false in the toolchain's own files, as src/frontend/stack-frames.ts isToolchainFile says). */
  shown: boolean;

  constructor(name: string, file: string, line: number, column: number, message: string) {
    super(name);
    this.file = file;
    this.line = line;
    this.column = column;
    this.message = message;
    this.shown = true;
  }
}

/** A JitDriver (RPython's JitDriverStaticData, reduced): its name and the names of its greens and reds, in declared order. */
export class JitDriverDescr extends Descr {
  readonly greens: string[];
  readonly reds: string[];

  constructor(name: string, greens: string[], reds: string[]) {
    super(name);
    this.greens = greens;
    this.reds = reds;
  }
}
