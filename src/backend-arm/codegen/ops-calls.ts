/**
 * Instruction selection for calls: stack arguments stored at the bottom of the frame (the
 * prologue reserved the most any call of the function needs, so sp never moves), the register
 * arguments moved where the convention wants them (a parallel move), bl or blr, the site
 * recorded for stack traces; and the system calls of the os_* operations, inline (Linux AArch64:
 * svc #0, the number in x8, arguments in x0-x5, the result in x0).
 */

import { LLConstant, type LLOperation, type LLValue, type LLVariable } from "../../llir/llgraph.js";
import { Float, Void } from "../../llir/lltype.js";
import type { LLOpName } from "../../llir/lloperation.js";
import { argumentPlaces } from "../../backend/calling.js";
import { parallelMove, type Move } from "../../backend/moves.js";
import { CC_HI } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { Label, mem } from "../../runtime/aarch64/operands.js";
import { SP } from "../../runtime/aarch64/registers.js";
import type { FunctionCompiler } from "./function.js";
import { AARCH64_REGISTERS, SCRATCH, SCRATCH2, SCRATCH3, XSCRATCH, XSCRATCH2, type Loc } from "./locations.js";
import type { Emit } from "./ops.js";
import { AT_FDCWD, GC_CALLS, SYS_OPENAT, SYS_WRITE, argumentsTo, syscall } from "./ops-gc.js";
import { arrayLayout } from "./ops-memory.js";

// ---- calls

/** The operations that call a function with the internal convention: the first operand is the callee, the rest its arguments. */
const CONVENTION_CALLS: ReadonlySet<LLOpName> = new Set<LLOpName>(["direct_call", "indirect_call", "call_machine_code"]);

/** How many of op's arguments go on the stack (the frame reserves the most of any call). */
export function stackArgumentCount(op: LLOperation): number {
  if (!CONVENTION_CALLS.has(op.opname)) return 0;
  return argumentPlaces(AARCH64_REGISTERS, op.args.slice(1).map((a) => a.type)).filter((p) => p !== undefined && !("register" in p)).length;
}

/** Stores the stack arguments, moves the others into their registers, calls, and takes the result. */
function call(fc: FunctionCompiler, target: { label: Label } | { pointer: LLValue }, args: LLValue[], result: LLVariable): void {
  const asm = fc.asm;
  const moves: Move<LLConstant>[] = [];
  const from = (v: LLValue): Loc | LLConstant => (v instanceof LLConstant ? v : fc.locOf(v)!);
  // Stack arguments first, while every value is where the allocator put it.
  argumentPlaces(AARCH64_REGISTERS, args.map((a) => a.type)).forEach((place, i) => {
    if (!place) return;
    const v = args[i]!;
    if ("register" in place) moves.push({ src: from(v), dst: place.register, float: place.float });
    else if (v.type === Float) asm.rm(I.STR_vm, fc.fprOf(v, XSCRATCH2), mem(SP, 8 * place.stackIndex));
    else asm.rm(I.STR_rm, fc.gprOrZero(v, SCRATCH), mem(SP, 8 * place.stackIndex));
  });
  // The callee's address in x18, which no move touches (they use x16, x17 and d30, d31).
  if ("pointer" in target) fc.toGpr(target.pointer, SCRATCH3);
  parallelMove(AARCH64_REGISTERS, moves, {
    move: (s, d, float) => fc.move(s, d, float),
    load: (c, d, float) => fc.loadConstant(c, d, float),
  });
  if ("label" in target) asm.l(I.BL_l, target.label);
  else asm.r(I.BLR_r, SCRATCH3);
  fc.site(fc.currentPos);
  if (result.type !== Void) fc.finish(result, 0);
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

/** The most arguments of each kind call_machine_code_by_kind passes: as on x86-64, so that a program behaves the same on both. */
export const BY_KIND_INTS = 6;
export const BY_KIND_FLOATS = 8;
const BY_KIND_LIMIT = `callMachineCodeByKind: more than ${BY_KIND_INTS} integer or ${BY_KIND_FLOATS} float arguments (stack arguments are not supported by calls by kind)`;

/**
 * call_machine_code_by_kind(address, ints, n, floats, m): the counts checked against the limits
 * (a fatal error beyond them), then the routine `rts.callByKind` (runtime.ts emitCallByKind) with
 * x9 = address, x0 = &ints[0], x1 = n, x2 = &floats[0], x3 = m; it loads the registers and calls.
 * The result in x0 or d0, as the operation's type says.
 */
export const callMachineCodeByKind: Emit = (fc, op) => {
  const asm = fc.asm;
  const [address, ints, n, floats, m] = op.args as [LLValue, LLValue, LLValue, LLValue, LLValue];
  const fail = fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: BY_KIND_LIMIT }, float: false }], op.pos);
  for (const [count, limit] of [
    [n, BY_KIND_INTS],
    [m, BY_KIND_FLOATS],
  ] as const) {
    fc.asm.ri(I.CMP_ri, fc.gpr(count, SCRATCH), limit);
    asm.l(I.Bcc_l[CC_HI]!, fail); // unsigned: a negative count is above too
  }
  argumentsTo(fc, [
    [address, 9],
    [ints, 0],
    [n, 1],
    [floats, 2],
    [m, 3],
  ]);
  asm.rri(I.ADD_rri, 0, 0, arrayLayout(ints).itemsOffset);
  asm.rri(I.ADD_rri, 2, 2, arrayLayout(floats).itemsOffset);
  asm.l(I.BL_l, fc.program.runtime.callByKind);
  fc.site(fc.currentPos);
  fc.finish(op.result, 0);
};

/** The operations after which the caller-saved registers hold nothing (calls, system calls). */
const CALLS: ReadonlySet<LLOpName> = new Set<LLOpName>(["direct_call", "indirect_call", "stack_check", "call_machine_code", "call_machine_code_by_kind", "os_write", "os_read", "os_open_read", "os_close", "os_exit", "os_clock", ...GC_CALLS]);

export function isCallOperation(op: LLOperation): boolean {
  return CALLS.has(op.opname);
}

// ---- system calls

export const SYS_READ = 63;
const SYS_CLOSE = 57;
const SYS_CLOCK_GETTIME = 113;
const SYS_EXIT_GROUP = 94;
const O_RDONLY_CLOEXEC = 0x80000;

/** os_write / os_read (fd, bytes, start, length): the buffer's address is its items plus start. */
function readWrite(number: number): Emit {
  return (fc, op) => {
    const [fd, bytes, start, length] = op.args as [LLValue, LLValue, LLValue, LLValue];
    const { itemsOffset } = arrayLayout(bytes);
    argumentsTo(fc, [
      [fd, 0],
      [bytes, 1],
      [length, 2],
      [start, 3],
    ]);
    fc.asm.rrr(I.ADD_rrr, 1, 1, 3);
    fc.asm.rri(I.ADD_rri, 1, 1, itemsOffset);
    syscall(fc, number);
    fc.finish(op.result, 0);
  };
}

const osOpenRead: Emit = (fc, op) => {
  const { itemsOffset } = arrayLayout(op.args[0]!);
  argumentsTo(fc, [[op.args[0]!, 1]]);
  fc.asm.rri(I.ADD_rri, 1, 1, itemsOffset);
  fc.asm.movConstant(0, AT_FDCWD);
  fc.asm.movConstant(2, O_RDONLY_CLOEXEC);
  syscall(fc, SYS_OPENAT);
  fc.finish(op.result, 0);
};

const osClose: Emit = (fc, op) => {
  argumentsTo(fc, [[op.args[0]!, 0]]);
  syscall(fc, SYS_CLOSE);
  fc.finish(op.result, 0);
};

const osExit: Emit = (fc, op) => {
  argumentsTo(fc, [[op.args[0]!, 0]]);
  syscall(fc, SYS_EXIT_GROUP);
};

/** clock_gettime into 16 bytes below sp (moved and restored around it); seconds + nanoseconds / 1e9. */
const osClock: Emit = (fc, op) => {
  const asm = fc.asm;
  fc.toGpr(op.args[0]!, 0); // the clock's id
  asm.rri(I.SUB_rri, SP, SP, 16);
  asm.rr(I.MOV_rr, 1, SP);
  syscall(fc, SYS_CLOCK_GETTIME);
  asm.rrm(I.LDP_rrm, SCRATCH, SCRATCH2, mem(SP, 0));
  asm.rri(I.ADD_rri, SP, SP, 16);
  asm.rr(I.SCVTF_vr, XSCRATCH, SCRATCH2);
  fc.loadDouble(XSCRATCH2, 1e9);
  asm.rrr(I.FDIV_vvv, XSCRATCH, XSCRATCH, XSCRATCH2);
  asm.rr(I.SCVTF_vr, XSCRATCH2, SCRATCH);
  const d = fc.fdst(op.result);
  asm.rrr(I.FADD_vvv, d, XSCRATCH2, XSCRATCH);
  fc.finish(op.result, d);
};

export const CALL_OPERATIONS = {
  direct_call: directCall,
  indirect_call: indirectCall,
  call_machine_code: callMachineCode,
  call_machine_code_by_kind: callMachineCodeByKind,
  os_write: readWrite(SYS_WRITE),
  os_read: readWrite(SYS_READ),
  os_open_read: osOpenRead,
  os_close: osClose,
  os_exit: osExit,
  os_clock: osClock,
};


