// A tiny bytecode interpreter written as jitcodes with the assembler, for the meta-interpreter's
// tests: a jit_merge_point loop over an immutable int array of (opcode, argument) pairs, with pc
// and the code as greens and acc, n and a data array as reds. Each opcode exercises one rule of
// the meta-interpreter (inline call, residual call, elidable call, promotion, a bounds check,
// branches forward and backward, an exception caught in the portal).

import { assemble, type AsmLine, type AsmOperand } from "../../../src/jit/codewriter/assembler.ts";
import { ArrayDescr, CallDescr, EF_CAN_RAISE, EF_CANNOT_RAISE, EF_ELIDABLE_CANNOT_RAISE, EffectInfo } from "../../../src/runtime/jit/history.ts";
import { JitCode, JitDriverDescr, LiveVars, SiteDescr } from "../../../src/runtime/jit/jitcode.ts";
import { LocationPrinter } from "../../../src/runtime/jit/metainterp/loops.ts";
import { FakeMemory } from "../trace-helpers.ts";

export const OP = { ADD: 0, ADDN: 1, DEC: 2, JNZ: 3, HALT: 4, SQUARE: 5, RES: 6, ELID: 7, PROM: 8, IDX: 9, JEVEN: 10, TRY: 11, ELIDN: 12, SETN: 13, DECD: 14, JDNZ: 15 } as const;
export const OP_NAMES = Object.keys(OP);

export const codeDescr = new ArrayDescr("codedescr", 16, 8, 8, "i", true, true, 7);
export const dataDescr = new ArrayDescr("datadescr", 16, 8, 8, "i", true, false, 8);
const effects = (extra: number, canRaise: boolean) => new EffectInfo(extra, canRaise, false, [], [], [], []);
export const resCallDescr = new CallDescr("rescalldescr", "ii", "i", 8, true, effects(EF_CANNOT_RAISE, false));
export const elidCallDescr = new CallDescr("elidcalldescr", "i", "i", 8, true, effects(EF_ELIDABLE_CANNOT_RAISE, false));
export const raisingCallDescr = new CallDescr("raisingcalldescr", "i", "i", 8, true, effects(EF_CAN_RAISE, true));
export const driver = new JitDriverDescr("JitDriver tiny", ["pc", "code"], ["acc", "n", "data"]);
export const badOpcode = new SiteDescr("bad opcode", "tiny.ts", 10, 5, "bad opcode");
export const indexSite = new SiteDescr("index", "tiny.ts", 20, 9, "");
export const squareSite = new SiteDescr("square", "tiny.ts", 30, 12, "");

/** Addresses of the residual functions. */
export const RES_FN = 100;
export const ELID_FN = 101;
export const RAISING_FN = 102;
export const EXC_VTABLE = 2000;

const i = (n: number): AsmOperand => ({ reg: "i", n });
const r = (n: number): AsmOperand => ({ reg: "r", n });
const ci = (value: number, name?: string): AsmOperand => ({ const: "i", value, name });
const I = (...items: AsmOperand[]): AsmOperand => ({ list: "i", items });
const R = (...items: AsmOperand[]): AsmOperand => ({ list: "r", items });
const F = (): AsmOperand => ({ list: "f", items: [] });
const live = (ints: number[], refs: number[] = [0, 1]): AsmLine => ({ insn: "live", args: [{ live: new LiveVars(ints, refs, []) }] });

/** square(x) = x * x + 1, both operations checked for overflow (two guards in the callee's frame). */
export function squareJitCode(): JitCode {
  return assemble({
    name: "square",
    numRegs: { i: 2, r: 0, f: 0 },
    argKinds: "i",
    argRegs: [0],
    resultKind: "i",
    lines: [
      { insn: "live", args: [{ live: new LiveVars([0], [], []) }] },
      { insn: "int_mul_ovf", args: [i(0), i(0), { descr: squareSite }], result: { reg: "i", n: 1 } },
      { insn: "live", args: [{ live: new LiveVars([1], [], []) }] },
      { insn: "int_add_ovf", args: [i(1), ci(1), { descr: squareSite }], result: { reg: "i", n: 1 } },
      { insn: "int_return", args: [i(1)] },
    ],
  });
}

/**
 * The portal: tiny(pc, acc, n, code, data) -> acc. Registers: %i0 pc, %i1 acc, %i2 n, %i3 the
 * opcode, %i4 its argument, %i5 a length, %i6 a temporary; %r0 code, %r1 data, %r2 an exception.
 */
export function tinyJitCode(): JitCode {
  const square = squareJitCode();
  const top = [0, 1, 2];
  const lines: AsmLine[] = [
    { label: "top" },
    live(top),
    { insn: "jit_merge_point", args: [{ descr: driver }, I(i(0)), R(r(0)), F(), I(i(1), i(2)), R(r(1)), F()] },
    { insn: "int_add", args: [i(0), ci(1)], result: { reg: "i", n: 6 } },
    { insn: "getarrayitem_gc_i", args: [r(0), i(0), { descr: codeDescr }], result: { reg: "i", n: 3 } },
    { insn: "getarrayitem_gc_i", args: [r(0), i(6), { descr: codeDescr }], result: { reg: "i", n: 4 } },
    { insn: "int_add", args: [i(0), ci(2)], result: { reg: "i", n: 0 } },
    live([0, 1, 2, 3, 4]),
    {
      insn: "switch",
      args: [i(3), { switch: Object.entries(OP).map(([name, value]) => ({ value, label: name })) }],
    },
    { insn: "debug_fatal", args: [{ descr: badOpcode }] },

    { label: "ADD" },
    { insn: "int_add", args: [i(1), i(4)], result: { reg: "i", n: 1 } },
    { insn: "goto", args: [{ label: "top" }] },

    { label: "ADDN" },
    { insn: "int_add", args: [i(1), i(2)], result: { reg: "i", n: 1 } },
    { insn: "goto", args: [{ label: "top" }] },

    { label: "DEC" },
    { insn: "int_sub", args: [i(2), ci(1)], result: { reg: "i", n: 2 } },
    { insn: "goto", args: [{ label: "top" }] },

    // JNZ t: when n != 0, pc = t (a backward jump: can_enter_jit)
    { label: "JNZ" },
    live([0, 1, 2, 4]),
    { insn: "goto_if_not_int_ne", args: [i(2), ci(0), { label: "top" }] },
    { insn: "int_copy", args: [i(4)], result: { reg: "i", n: 0 } },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },

    { label: "HALT" },
    { insn: "int_return", args: [i(1)] },

    { label: "SQUARE" },
    { insn: "inline_call_ir_i", args: [{ descr: square }, I(i(1)), R()], result: { reg: "i", n: 1 } },
    live(top),
    { insn: "goto", args: [{ label: "top" }] },

    // RES k: acc = res(acc, k), a residual call
    { label: "RES" },
    { insn: "residual_call_ir_i", args: [ci(RES_FN, "res"), I(i(1), i(4)), R(), { descr: resCallDescr }], result: { reg: "i", n: 1 } },
    live(top),
    { insn: "goto", args: [{ label: "top" }] },

    // ELID k: acc += elid(k), elidable, on the constant k
    { label: "ELID" },
    { insn: "residual_call_ir_i", args: [ci(ELID_FN, "elid"), I(i(4)), R(), { descr: elidCallDescr }], result: { reg: "i", n: 6 } },
    live([0, 1, 2, 6]),
    { insn: "int_add", args: [i(1), i(6)], result: { reg: "i", n: 1 } },
    { insn: "goto", args: [{ label: "top" }] },

    // ELIDN: acc += elid(n), elidable on a variable
    { label: "ELIDN" },
    { insn: "residual_call_ir_i", args: [ci(ELID_FN, "elid"), I(i(2)), R(), { descr: elidCallDescr }], result: { reg: "i", n: 6 } },
    live([0, 1, 2, 6]),
    { insn: "int_add", args: [i(1), i(6)], result: { reg: "i", n: 1 } },
    { insn: "goto", args: [{ label: "top" }] },

    // PROM: acc += promote(n)
    { label: "PROM" },
    live(top),
    { insn: "int_guard_value", args: [i(2)] },
    { insn: "int_add", args: [i(1), i(2)], result: { reg: "i", n: 1 } },
    { insn: "goto", args: [{ label: "top" }] },

    // IDX: acc += data[n], bounds-checked
    { label: "IDX" },
    { insn: "arraylen_gc", args: [r(1), { descr: dataDescr }], result: { reg: "i", n: 5 } },
    live([0, 1, 2, 5]),
    { insn: "check_index", args: [i(2), i(5), { descr: indexSite }] },
    { insn: "getarrayitem_gc_i", args: [r(1), i(2), { descr: dataDescr }], result: { reg: "i", n: 6 } },
    { insn: "int_add", args: [i(1), i(6)], result: { reg: "i", n: 1 } },
    { insn: "goto", args: [{ label: "top" }] },

    // JEVEN t: when n is even, pc = t (a forward jump)
    { label: "JEVEN" },
    { insn: "int_and", args: [i(2), ci(1)], result: { reg: "i", n: 6 } },
    live([0, 1, 2, 4, 6]),
    { insn: "goto_if_not_int_eq", args: [i(6), ci(0), { label: "top" }] },
    { insn: "int_copy", args: [i(4)], result: { reg: "i", n: 0 } },
    { insn: "goto", args: [{ label: "top" }] },

    // SETN k: n = k
    { label: "SETN" },
    { insn: "int_copy", args: [i(4)], result: { reg: "i", n: 2 } },
    { insn: "goto", args: [{ label: "top" }] },

    // DECD: data[0] -= 1 (a store)
    { label: "DECD" },
    { insn: "getarrayitem_gc_i", args: [r(1), ci(0), { descr: dataDescr }], result: { reg: "i", n: 6 } },
    { insn: "int_sub", args: [i(6), ci(1)], result: { reg: "i", n: 6 } },
    { insn: "setarrayitem_gc_i", args: [r(1), ci(0), i(6), { descr: dataDescr }] },
    { insn: "goto", args: [{ label: "top" }] },

    // JDNZ t: when data[0] != 0, pc = t (a backward jump: can_enter_jit)
    { label: "JDNZ" },
    { insn: "getarrayitem_gc_i", args: [r(1), ci(0), { descr: dataDescr }], result: { reg: "i", n: 6 } },
    live([0, 1, 2, 4, 6]),
    { insn: "goto_if_not_int_ne", args: [i(6), ci(0), { label: "top" }] },
    { insn: "int_copy", args: [i(4)], result: { reg: "i", n: 0 } },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },

    // TRY: acc = raising(acc); when it raises, return -1
    { label: "TRY" },
    { insn: "residual_call_ir_i", args: [ci(RAISING_FN, "raising"), I(i(1)), R(), { descr: raisingCallDescr }], result: { reg: "i", n: 1 } },
    live(top),
    { insn: "catch_exception", args: [{ label: "caught" }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "caught" },
    { insn: "last_exc_value", args: [], result: { reg: "r", n: 2 } },
    { insn: "int_return", args: [ci(-1)] },
  ];
  return assemble({ name: "tiny", lines, numRegs: { i: 7, r: 3, f: 0 }, argKinds: "iiirr", argRegs: [0, 1, 2, 0, 1], resultKind: "i" });
}

/** The tests' memory, with the residual functions: res(a, k) = 2a + k, elid(k) = 10k (counted), raising(a) raises when a > 100. */
export class TinyMemory extends FakeMemory {
  elidCalls = 0;
  readonly excObject: number;

  constructor() {
    super();
    this.excObject = this.allocate(16, 9);
    this.setClass(this.excObject, EXC_VTABLE);
    this.functions.set(RES_FN, (ints) => 2 * ints[0]! + ints[1]!);
    this.functions.set(ELID_FN, (ints) => {
      this.elidCalls++;
      return 10 * ints[0]!;
    });
    this.functions.set(RAISING_FN, (ints) => {
      if (ints[0]! > 100) {
        this.exception = this.excObject;
        return 0;
      }
      return ints[0]! + 1;
    });
  }

  /** A new int array (code or data) of the values; its address. */
  intArray(values: number[], descr: ArrayDescr = codeDescr): number {
    const ref = this.allocate(descr.totalSize(values.length), descr.typeId);
    this.storeInt(ref + descr.lengthOffset, 8, values.length);
    values.forEach((v, k) => this.storeInt(ref + descr.baseOffset + k * descr.itemSize, 8, v));
    return ref;
  }

  /** A program: [opcode, argument] pairs. */
  program(pairs: [number, number][]): number {
    return this.intArray(pairs.flat());
  }
}

/** Merge points print as `pc: OPNAME`, reading the code array (the driver's printable location). */
export class TinyLocations extends LocationPrinter {
  readonly memory: TinyMemory;

  constructor(memory: TinyMemory) {
    super();
    this.memory = memory;
  }

  override location(_driver: JitDriverDescr, greens: number[], _kinds: string): string {
    const [pc, code] = greens as [number, number];
    const op = this.memory.loadInt(code + codeDescr.baseOffset + pc * 8, 8, true);
    return `${pc}: ${OP_NAMES[op] ?? "?"}`;
  }
}
