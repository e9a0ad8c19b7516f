/**
 * Instruction selection for calls: arguments moved where the convention wants them (a parallel
 * move, stack arguments pushed), direct and indirect calls, and the system calls of the os_*
 * operations, inline.
 */

import { GC_CALLS } from "./ops-gc.js";
import { LLConstant, LLVariable, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { Float, Void } from "../../llir/lltype.js";
import type { LLOpName } from "../../llir/lloperation.js";
import * as I from "../../runtime/x86/instructions.js";
import { Label, mem, memIndexed } from "../../runtime/x86/operands.js";
import { CC_A } from "../../runtime/x86/encoding.js";
import { R10, R11, RAX, RCX, RDI, RDX, RSI, RSP } from "../../runtime/x86/registers.js";
import type { FunctionCompiler } from "./function.js";
import { SCRATCH2, X86_REGISTERS, XSCRATCH, XSCRATCH2, type Loc } from "./locations.js";
import { argumentPlaces } from "../../backend/calling.js";
import { parallelMove, type Move } from "./moves.js";
import type { Emit } from "./ops.js";
import { arrayLayout } from "./ops-memory.js";

// ---- calls

/** Moves the arguments where the convention wants them, calls, and takes the result. */
function call(fc: FunctionCompiler, target: { label: Label } | { pointer: LLValue }, args: LLValue[], result: LLVariable): void {
  const asm = fc.asm;
  const moves: Move<LLConstant>[] = [];
  const onStack: LLValue[] = [];
  const from = (v: LLValue): Loc | LLConstant => (v instanceof LLConstant ? v : fc.locOf(v)!);
  argumentPlaces(X86_REGISTERS, args.map((a) => a.type)).forEach((place, i) => {
    if (!place) return;
    if ("register" in place) moves.push({ src: from(args[i]!), dst: place.register, float: place.float });
    else onStack.push(args[i]!);
  });
  if ("pointer" in target) moves.push({ src: from(target.pointer), dst: R10, float: false });
  // Stack arguments first (pushed last to first, rsp kept 16-aligned), while every value is where the allocator put it.
  const padding = onStack.length % 2 === 1 ? 8 : 0;
  if (padding) asm.ri(I.SUB_ri, RSP, 8);
  for (let i = onStack.length - 1; i >= 0; i--) {
    const v = onStack[i]!;
    if (v.type === Float) {
      const x = fc.xmmOf(v, XSCRATCH2);
      asm.rr(I.MOVQ_rx, RAX, x);
    } else fc.toGpr(v, RAX);
    asm.r(I.PUSH_r, RAX);
  }
  parallelMove(moves, {
    move: (s, d, float) => fc.move(s, d, float),
    load: (c, d, float) => fc.loadConstant(c, d, float),
  });
  if ("label" in target) asm.l(I.CALL_l, target.label);
  else asm.r(I.CALL_r, R10);
  fc.site(fc.currentPos);
  if (onStack.length > 0) asm.ri(I.ADD_ri, RSP, 8 * onStack.length + padding);
  if (result.type !== Void) fc.finish(result, result.type === Float ? 0 : RAX);
}

export const directCall: Emit = (fc, op) => {
  call(fc, { label: fc.program.functionLabel(op.args[0] as LLConstant) }, op.args.slice(1), op.result);
};

export const indirectCall: Emit = (fc, op) => {
  call(fc, { pointer: op.args[0]! }, op.args.slice(1), op.result);
};

// ---- calls of machine code (src/lib/system.ts callMachineCode and friends: the JIT's)

/** call_machine_code(address, ints...): an indirect call of the address, with the internal convention's moves. */
export const callMachineCode: Emit = (fc, op) => {
  call(fc, { pointer: op.args[0]! }, op.args.slice(1), op.result);
};

/** The most arguments of each kind call_machine_code_by_kind passes: the convention's argument registers. */
export const BY_KIND_INTS = 6;
export const BY_KIND_FLOATS = 8;
const BY_KIND_LIMIT = `callMachineCodeByKind: more than ${BY_KIND_INTS} integer or ${BY_KIND_FLOATS} float arguments (stack arguments are not supported by calls by kind)`;

/**
 * call_machine_code_by_kind(address, ints, n, floats, m): the counts checked against the
 * argument registers (a fatal error beyond them), then the routine `rts.callByKind`
 * (runtime.ts emitCallByKind) with r10 = address, rdi = &ints[0], rsi = n, rdx = &floats[0],
 * rcx = m; it loads the registers and calls. The result in rax or xmm0, as the operation's type says.
 */
export const callMachineCodeByKind: Emit = (fc, op) => {
  const asm = fc.asm;
  const [address, ints, n, floats, m] = op.args as [LLValue, LLValue, LLValue, LLValue, LLValue];
  const fail = fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: BY_KIND_LIMIT }, float: false }], op.pos);
  for (const [count, limit] of [
    [n, BY_KIND_INTS],
    [m, BY_KIND_FLOATS],
  ] as const) {
    const c = fc.gpr(count, SCRATCH2);
    asm.ri(I.CMP_ri, c, limit);
    asm.l(I.Jcc_l[CC_A]!, fail); // unsigned: a negative count is above too
  }
  syscallArguments(fc, [
    [address, R10],
    [ints, RDI],
    [n, RSI],
    [floats, RDX],
    [m, RCX],
  ]);
  asm.rm(I.LEA_rm, RDI, mem(RDI, arrayLayout(ints).itemsOffset));
  asm.rm(I.LEA_rm, RDX, mem(RDX, arrayLayout(floats).itemsOffset));
  asm.l(I.CALL_l, fc.program.runtime.callByKind);
  fc.site(fc.currentPos);
  fc.finish(op.result, op.result.type === Float ? 0 : RAX);
};

/** The operations after which the caller-saved registers hold nothing (calls, system calls). */
const CALLS: ReadonlySet<LLOpName> = new Set<LLOpName>(["direct_call", "indirect_call", "stack_check", "call_machine_code", "call_machine_code_by_kind", "os_write", "os_read", "os_open_read", "os_close", "os_exit", "os_clock", ...GC_CALLS]);

export function isCallOperation(op: LLOperation): boolean {
  return CALLS.has(op.opname);
}

// ---- system calls (Linux x86-64: number in rax, arguments in rdi rsi rdx r10; rcx and r11 clobbered)

export const SYS_READ = 0;
export const SYS_WRITE = 1;
const SYS_CLOSE = 3;
const SYS_CLOCK_GETTIME = 228;
const SYS_EXIT_GROUP = 231;
const SYS_OPENAT = 257;
const AT_FDCWD = -100;
const O_RDONLY_CLOEXEC = 0x80000;

function syscallArguments(fc: FunctionCompiler, values: [LLValue, number][]): void {
  parallelMove(
    values.map(([v, dst]) => ({ src: v instanceof LLConstant ? v : fc.locOf(v)!, dst, float: false })),
    { move: (s, d, float) => fc.move(s, d, float), load: (c, d, float) => fc.loadConstant(c, d, float) },
  );
}

function syscall(fc: FunctionCompiler, number: number): void {
  fc.asm.ri(I.MOV_ri, RAX, number);
  fc.asm.none(I.SYSCALL);
}

/** os_write / os_read (fd, bytes, start, length): the buffer's address is its items plus start. */
export function readWrite(number: number): Emit {
  return (fc, op) => {
    const [fd, bytes, start, length] = op.args as [LLValue, LLValue, LLValue, LLValue];
    const { itemsOffset } = arrayLayout(bytes);
    syscallArguments(fc, [
      [fd, RDI],
      [bytes, RSI],
      [length, RDX],
      [start, R10],
    ]);
    fc.asm.rm(I.LEA_rm, RSI, memIndexed(RSI, R10, 1, itemsOffset));
    syscall(fc, number);
    fc.finish(op.result, RAX);
  };
}

export const osOpenRead: Emit = (fc, op) => {
  const { itemsOffset } = arrayLayout(op.args[0]!);
  syscallArguments(fc, [[op.args[0]!, RSI]]);
  fc.asm.rm(I.LEA_rm, RSI, mem(RSI, itemsOffset));
  fc.asm.ri(I.MOV_ri, RDI, AT_FDCWD);
  fc.asm.ri(I.MOV_ri, RDX, O_RDONLY_CLOEXEC);
  syscall(fc, SYS_OPENAT);
  fc.finish(op.result, RAX);
};

export const osClose: Emit = (fc, op) => {
  syscallArguments(fc, [[op.args[0]!, RDI]]);
  syscall(fc, SYS_CLOSE);
  fc.finish(op.result, RAX);
};

export const osExit: Emit = (fc, op) => {
  syscallArguments(fc, [[op.args[0]!, RDI]]);
  syscall(fc, SYS_EXIT_GROUP);
};

/** clock_gettime into 16 bytes of stack; seconds + nanoseconds / 1e9. */
export const osClock: Emit = (fc, op) => {
  const asm = fc.asm;
  fc.toGpr(op.args[0]!, RDI); // the clock's id
  asm.ri(I.SUB_ri, RSP, 16);
  asm.rr(I.MOV_rr, RSI, RSP);
  syscall(fc, SYS_CLOCK_GETTIME);
  const d = fc.dst(op.result, XSCRATCH2);
  asm.rr(I.XORPD_xx, d, d);
  asm.rm(I.CVTSI2SD_xm, d, mem(RSP, 0));
  asm.rr(I.XORPD_xx, XSCRATCH, XSCRATCH);
  asm.rm(I.CVTSI2SD_xm, XSCRATCH, mem(RSP, 8));
  fc.ripOperand(I.DIVSD_xm, XSCRATCH, fc.program.data.float(1e9));
  asm.rr(I.ADDSD_xx, d, XSCRATCH);
  asm.ri(I.ADD_ri, RSP, 16);
  fc.finish(op.result, d);
};

