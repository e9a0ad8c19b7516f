/**
 * The few routines of a translated program that are not LL graphs, because they run before any
 * graph can (process start) or under contracts no graph follows (the stubs into the collector
 * keep every register).
 * Everything else of the runtime (argv strings, output buffers, fatal messages, uncaught
 * exceptions) is RTS, in src/runtime and src/rtyper/native-runtime.ts.
 */

import { Assembler } from "../../runtime/x86/assembler.js";
import { CC_A, CC_BE, CC_E, CC_NE } from "../../runtime/x86/encoding.js";
import * as I from "../../runtime/x86/instructions.js";
import { Label, mem, memIndexed, memRip } from "../../runtime/x86/operands.js";
import { R10, R11, R12, R13, R8, R9, RAX, RBP, RCX, RDI, RDX, RSI, RSP } from "../../runtime/x86/registers.js";
import { SHARED_ENVP } from "../../runtime/gc/layout.js";

const SYS_GETRLIMIT = 97;
const SYS_RT_SIGACTION = 13;
const SIGPIPE = 13;
const SIG_IGN = 1;
const SYS_EXIT_GROUP = 231;
const RLIMIT_STACK = 3;

/** The stack a program may use at most, whatever `ulimit -s` allows. */
const STACK_CAP = 1 << 30;
/**
 * What stays free below the stack limit: enough for the fatal error and stack overflow paths
 * (building a RangeError, formatting a message) to run after a check failed.
 */
const STACK_MARGIN = 256 * 1024;

/** The .data offsets `_start` writes: the collector's shared block (for envp) and the stack limit. */
export interface RuntimeVariables {
  shared: number;
  stackLimit: number;
}

/** rip-relative access to a runtime variable in .data; the caller records the relocation. */
type DataRef = (emit: () => void, dataOffset: number) => void;

/**
 * `_start`: the kernel leaves argc at [rsp] and argv after it. Computes the stack limit from
 * RLIMIT_STACK, calls entry(argc, argv) and exits with its result.
 */
export function emitStart(asm: Assembler, vars: RuntimeVariables, entry: Label, dataRef: DataRef): void {
  asm.rr(I.XOR32_rr, RBP, RBP); // the end of the frame chain
  asm.rm(I.MOV_rm, R12, mem(RSP, 0));
  asm.rm(I.LEA_rm, R13, mem(RSP, 8));
  // envp follows argv's terminating 0: the collector reads its settings there.
  asm.rm(I.LEA_rm, RAX, memIndexed(R13, R12, 8, 8));
  dataRef(() => asm.mr(I.MOV_mr, memRip(0), RAX), vars.shared + SHARED_ENVP);
  // SIGPIPE ignored, as Node ignores it: a write to a closed pipe fails with EPIPE, and the
  // runtime ends the program with a message (src/runtime/io.ts) as `rts run` does.
  // The kernel's sigaction: handler, flags, restorer, mask (8 bytes each).
  asm.ri(I.SUB_ri, RSP, 32);
  asm.rr(I.XOR32_rr, RAX, RAX);
  for (const offset of [8, 16, 24]) asm.mr(I.MOV_mr, mem(RSP, offset), RAX);
  asm.ri(I.MOV_ri, RAX, SIG_IGN);
  asm.mr(I.MOV_mr, mem(RSP, 0), RAX);
  asm.ri(I.MOV_ri, RDI, SIGPIPE);
  asm.rr(I.MOV_rr, RSI, RSP);
  asm.rr(I.XOR32_rr, RDX, RDX);
  asm.ri(I.MOV_ri, R10, 8);
  asm.ri(I.MOV_ri, RAX, SYS_RT_SIGACTION);
  asm.none(I.SYSCALL);
  asm.ri(I.ADD_ri, RSP, 32);
  asm.ri(I.SUB_ri, RSP, 16);
  asm.ri(I.MOV_ri, RDI, RLIMIT_STACK);
  asm.rr(I.MOV_rr, RSI, RSP);
  asm.ri(I.MOV_ri, RAX, SYS_GETRLIMIT);
  asm.none(I.SYSCALL);
  asm.ri(I.MOV_ri, R11, STACK_CAP);
  const capped = new Label();
  asm.rr(I.TEST_rr, RAX, RAX);
  asm.l(I.Jcc_l8[CC_NE]!, capped); // getrlimit failed: take the cap
  asm.rm(I.MOV_rm, RAX, mem(RSP, 0));
  asm.rr(I.CMP_rr, RAX, R11);
  asm.l(I.Jcc_l8[CC_A]!, capped); // RLIM_INFINITY is all ones
  asm.rr(I.MOV_rr, R11, RAX);
  asm.bind(capped);
  // limit = initial rsp - stack size + margin
  asm.rm(I.LEA_rm, RAX, mem(R13, -8));
  asm.rr(I.SUB_rr, RAX, R11);
  asm.ri(I.ADD_ri, RAX, STACK_MARGIN);
  dataRef(() => asm.mr(I.MOV_mr, memRip(0), RAX), vars.stackLimit);
  asm.ri(I.ADD_ri, RSP, 16);
  asm.ri(I.AND_ri, RSP, -16);
  asm.rr(I.MOV_rr, RDI, R12);
  asm.rr(I.MOV_rr, RSI, R13);
  asm.l(I.CALL_l, entry);
  asm.rr(I.MOV32_rr, RDI, RAX);
  asm.ri(I.MOV_ri, RAX, SYS_EXIT_GROUP);
  asm.none(I.SYSCALL);
  asm.none(I.UD2);
}

/**
 * A stub between inline code and a collector graph: the inline code keeps values in any register
 * across an allocation or a write barrier (they are rare calls), so the stub saves every
 * caller-saved register, general and SSE, moves its inputs (rax and r11, which inline code uses
 * as scratch) into the argument registers, calls the graph and returns its result in rax.
 * `inputs` lists, in argument order, the registers holding the graph's arguments.
 */
export function emitCollectorStub(asm: Assembler, graph: Label, inputs: number[]): void {
  const saved = [RCX, RDX, RSI, RDI, R8, R9, R10];
  const savedXmms = 11; // xmm0..xmm10: the allocator's caller-saved SSE registers
  // A frame of its own first, so that a stack trace taken in the collector (out of memory) walks
  // through the stub to the allocation site (its return address is at [rbp + 8]).
  asm.r(I.PUSH_r, RBP);
  asm.rr(I.MOV_rr, RBP, RSP);
  for (const r of saved) asm.r(I.PUSH_r, r);
  asm.ri(I.AND_ri, RSP, -16);
  asm.ri(I.SUB_ri, RSP, 8 * (savedXmms + 1));
  for (let x = 0; x < savedXmms; x++) asm.mr(I.MOVSD_mx, mem(RSP, 8 * x), x);
  const args = [RDI, RSI];
  // rax and r11 to rdi and rsi: no overlap, so plain moves in order.
  inputs.forEach((r, i) => asm.rr(I.MOV_rr, args[i]!, r));
  asm.l(I.CALL_l, graph);
  for (let x = 0; x < savedXmms; x++) asm.rm(I.MOVSD_xm, x, mem(RSP, 8 * x));
  asm.rm(I.LEA_rm, RSP, mem(RBP, -8 * saved.length));
  for (let i = saved.length - 1; i >= 0; i--) asm.r(I.POP_r, saved[i]!);
  asm.r(I.POP_r, RBP);
  asm.none(I.RET);
}

/**
 * `rts.captureTrace`, the stack_trace operation's routine (src/rtyper/stack-trace.ts): r11 holds
 * an array of Int32 (its length at lengthOffset, its items at itemsOffset). Writes the return
 * address of its own call (the operation's site), then those of the frame-pointer chain from
 * rbp, until the array is full or the chain ends (_start's rbp is 0). Keeps every register but
 * rax and r11, which inline code uses as scratch. Return addresses fit the Int32 items: the
 * executable is not position independent and its text lies below 2 GiB (elf.ts ELF_BASE).
 */
export function emitCaptureTrace(asm: Assembler, lengthOffset: number, itemsOffset: number): void {
  const loop = new Label();
  const done = new Label();
  asm.r(I.PUSH_r, RCX);
  asm.r(I.PUSH_r, RDX);
  asm.rm(I.MOV_rm, RAX, mem(RSP, 16));
  asm.rr(I.MOV_rr, RCX, RBP);
  asm.rm(I.MOV_rm, RDX, mem(R11, lengthOffset));
  asm.rm(I.LEA_rm, R11, mem(R11, itemsOffset));
  asm.rr(I.TEST_rr, RDX, RDX);
  asm.l(I.Jcc_l8[CC_E]!, done);
  asm.bind(loop);
  asm.mr(I.MOV32_mr, mem(R11, 0), RAX);
  asm.ri(I.ADD_ri, R11, 4);
  asm.ri(I.SUB_ri, RDX, 1);
  asm.l(I.Jcc_l8[CC_E]!, done);
  asm.rr(I.TEST_rr, RCX, RCX);
  asm.l(I.Jcc_l8[CC_E]!, done);
  asm.rm(I.MOV_rm, RAX, mem(RCX, 8));
  asm.rm(I.MOV_rm, RCX, mem(RCX, 0));
  asm.l(I.JMP_l, loop);
  asm.bind(done);
  asm.r(I.POP_r, RDX);
  asm.r(I.POP_r, RCX);
  asm.none(I.RET);
}

/**
 * `rts.callByKind`, call_machine_code_by_kind's routine (ops-calls.ts): r10 = the code's address,
 * rdi = the first of n integer arguments (rsi = n <= 6), rdx = the first of m float arguments
 * (rcx = m <= 8), the counts checked by the caller. Loads the floats into xmm0.. and the integers
 * into rdi rsi rdx rcx r8 r9 (the internal convention's argument registers), calls the code and
 * returns with its result in rax or xmm0. A frame of its own, so that a stack trace taken below
 * walks through it to the call site (the called code should keep rbp chained too).
 */
export function emitCallByKind(asm: Assembler): void {
  const gprArgs = [RDI, RSI, RDX, RCX, R8, R9];
  asm.r(I.PUSH_r, RBP);
  asm.rr(I.MOV_rr, RBP, RSP);
  // rsp is 16-aligned again (the caller's call pushed 8, rbp 8): the code's call needs no more.
  asm.rr(I.MOV_rr, RAX, RDX);
  asm.rr(I.MOV_rr, R11, RCX);
  const floatsDone = new Label();
  for (let k = 0; k < 8; k++) {
    asm.ri(I.CMP_ri, R11, k);
    asm.l(I.Jcc_l[CC_BE]!, floatsDone);
    asm.rm(I.MOVSD_xm, k, mem(RAX, 8 * k));
  }
  asm.bind(floatsDone);
  asm.rr(I.MOV_rr, RAX, RDI);
  asm.rr(I.MOV_rr, R11, RSI);
  const intsDone = new Label();
  gprArgs.forEach((reg, k) => {
    asm.ri(I.CMP_ri, R11, k);
    asm.l(I.Jcc_l[CC_BE]!, intsDone);
    asm.rm(I.MOV_rm, reg, mem(RAX, 8 * k));
  });
  asm.bind(intsDone);
  asm.r(I.CALL_r, R10);
  asm.r(I.POP_r, RBP);
  asm.none(I.RET);
}
