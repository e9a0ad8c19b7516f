/**
 * The few routines of a translated program that are not LL graphs, on AArch64, because they run
 * before any graph can (process start) or under contracts no graph follows (the stubs into the
 * collector keep every register). Everything else of the runtime (argv strings, output buffers,
 * fatal messages, uncaught exceptions) is RTS, in src/runtime and src/rtyper/native-runtime.ts.
 */

import type { Relocation } from "../../backend/elf.js";
import { Assembler } from "../../runtime/aarch64/assembler.js";
import { CC_HI, CC_LS } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { Label, SHIFT_LSL, mem, memPost, memPre } from "../../runtime/aarch64/operands.js";
import { FP, LR, SP, XZR } from "../../runtime/aarch64/registers.js";
import { SHARED_ENVP } from "../../runtime/gc/layout.js";
import { FPR_CALLER_SAVED, GPR_CALLER_SAVED, SCRATCH, SCRATCH2, SCRATCH3 } from "./locations.js";

const SYS_GETRLIMIT = 163;
const SYS_RT_SIGACTION = 134;
const SYS_EXIT_GROUP = 94;
const SIGPIPE = 13;
const SIG_IGN = 1;
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

/** The 8-byte word at .data + offset = r, through the address register tmp (ADRP and a low-12-bit STR, relocated). */
export function storeDataWord(asm: Assembler, relocations: Relocation[], r: number, offset: number, tmp: number): void {
  relocations.push({ kind: "adrPage21", section: "text", offset: asm.position(), targetSection: "data", targetOffset: offset });
  asm.ri(I.ADRP_ri, tmp, 0);
  relocations.push({ kind: "ldst64Lo12", section: "text", offset: asm.position(), targetSection: "data", targetOffset: offset });
  asm.rm(I.STR_rm, r, mem(tmp, 0));
}

/**
 * `_start`: the kernel leaves argc at [sp], argv after it and envp after argv's terminating 0
 * (sp 16-aligned). Ignores SIGPIPE, computes the stack limit from RLIMIT_STACK, calls
 * entry(argc, argv) and exits with its result. x29 = 0 ends the frame chain.
 */
export function emitStart(asm: Assembler, vars: RuntimeVariables, entry: Label, relocations: Relocation[]): void {
  asm.rr(I.MOV_rr, FP, XZR);
  asm.rr(I.MOV_rr, LR, XZR);
  asm.rm(I.LDR_rm, 19, mem(SP, 0));
  asm.rri(I.ADD_rri, 20, SP, 8);
  // envp follows argv's terminating 0: the collector reads its settings there.
  asm.rrrii(I.ADD_rrrsi, SCRATCH, 20, 19, SHIFT_LSL, 3);
  asm.rri(I.ADD_rri, SCRATCH, SCRATCH, 8);
  storeDataWord(asm, relocations, SCRATCH, vars.shared + SHARED_ENVP, SCRATCH2);
  // SIGPIPE ignored, as Node ignores it: a write to a closed pipe fails with EPIPE, and the
  // runtime ends the program with a message (src/runtime/io.ts) as `rts run` does.
  // The kernel's sigaction: handler, flags, restorer, mask (8 bytes each).
  asm.rri(I.SUB_rri, SP, SP, 32);
  asm.movConstant(SCRATCH, SIG_IGN);
  asm.rrm(I.STP_rrm, SCRATCH, XZR, mem(SP, 0));
  asm.rrm(I.STP_rrm, XZR, XZR, mem(SP, 16));
  asm.movConstant(0, SIGPIPE);
  asm.rr(I.MOV_rr, 1, SP);
  asm.rr(I.MOV_rr, 2, XZR);
  asm.movConstant(3, 8);
  asm.movConstant(8, SYS_RT_SIGACTION);
  asm.i(I.SVC_i, 0);
  // getrlimit(RLIMIT_STACK) into the same 16 bytes.
  asm.movConstant(0, RLIMIT_STACK);
  asm.rr(I.MOV_rr, 1, SP);
  asm.movConstant(8, SYS_GETRLIMIT);
  asm.i(I.SVC_i, 0);
  asm.movConstant(SCRATCH2, STACK_CAP);
  const capped = new Label();
  asm.rl(I.CBNZ_rl, 0, capped); // getrlimit failed: take the cap
  asm.rm(I.LDR_rm, SCRATCH, mem(SP, 0));
  asm.rr(I.CMP_rr, SCRATCH, SCRATCH2);
  asm.l(I.Bcc_l[CC_HI]!, capped); // RLIM_INFINITY is all ones
  asm.rr(I.MOV_rr, SCRATCH2, SCRATCH);
  asm.bind(capped);
  asm.rri(I.ADD_rri, SP, SP, 32);
  // limit = initial sp - stack size + margin
  asm.rri(I.SUB_rri, SCRATCH, 20, 8);
  asm.rrr(I.SUB_rrr, SCRATCH, SCRATCH, SCRATCH2);
  asm.rri(I.ADD_rri, SCRATCH, SCRATCH, STACK_MARGIN);
  storeDataWord(asm, relocations, SCRATCH, vars.stackLimit, SCRATCH2);
  asm.rr(I.MOV_rr, 0, 19);
  asm.rr(I.MOV_rr, 1, 20);
  asm.l(I.BL_l, entry);
  asm.movConstant(8, SYS_EXIT_GROUP);
  asm.i(I.SVC_i, 0);
  asm.i(I.BRK_i, 0);
}

/** Pairs of registers for stp/ldp (the last alone when the count is odd). */
function pairs(regs: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < regs.length; i += 2) out.push(regs.slice(i, i + 2));
  return out;
}

/**
 * A stub between inline code and a collector graph: the inline code keeps values in any register
 * across an allocation or a write barrier (they are rare calls), so the stub saves every
 * caller-saved register the allocator hands out, general and SIMD&FP, moves its inputs (x16 and
 * x17, which inline code uses as scratch) into x0 and x1, calls the graph and returns its result
 * in x16. `inputs` is how many arguments the graph takes. Its own frame record first, so that a
 * stack trace taken in the collector (out of memory) walks through the stub to the site.
 */
export function emitCollectorStub(asm: Assembler, graph: Label, inputs: number): void {
  const gprs = [...GPR_CALLER_SAVED].sort((a, b) => a - b);
  const fprs = [...FPR_CALLER_SAVED].sort((a, b) => a - b);
  const bytes = 8 * (gprs.length + fprs.length + ((gprs.length + fprs.length) % 2));
  asm.rrm(I.STP_rrm, FP, LR, memPre(SP, -16));
  asm.rr(I.MOV_rr, FP, SP);
  asm.rri(I.SUB_rri, SP, SP, bytes);
  const each = (save: boolean) => {
    let offset = 0;
    for (const [float, regs] of [[false, gprs], [true, fprs]] as const) {
      for (const pair of pairs(regs)) {
        if (pair.length === 2) asm.rrm(float ? (save ? I.STP_vvm : I.LDP_vvm) : save ? I.STP_rrm : I.LDP_rrm, pair[0]!, pair[1]!, mem(SP, offset));
        else asm.rm(float ? (save ? I.STR_vm : I.LDR_vm) : save ? I.STR_rm : I.LDR_rm, pair[0]!, mem(SP, offset));
        offset += 8 * pair.length;
      }
    }
  };
  each(true);
  if (inputs > 0) asm.rr(I.MOV_rr, 0, SCRATCH);
  if (inputs > 1) asm.rr(I.MOV_rr, 1, SCRATCH2);
  asm.l(I.BL_l, graph);
  asm.rr(I.MOV_rr, SCRATCH, 0);
  each(false);
  asm.rr(I.MOV_rr, SP, FP);
  asm.rrm(I.LDP_rrm, FP, LR, memPost(SP, 16));
  asm.none(I.RET);
}

/**
 * `rts.captureTrace`, the stack_trace operation's routine (src/rtyper/stack-trace.ts): x16 holds
 * an array of Int32 (its length at lengthOffset, its items at itemsOffset). Writes the return
 * address of its own call (x30: the operation's site), then those of the frame chain from x29
 * ([x29 + 8] the return address, [x29] the caller's record), until the array is full or the
 * chain ends (_start's x29 is 0). Keeps every register but the scratch x16-x18. Return addresses
 * fit the Int32 items: the executable is not position independent and its text lies below 2 GiB.
 */
export function emitCaptureTrace(asm: Assembler, lengthOffset: number, itemsOffset: number): void {
  const loop = new Label();
  const done = new Label();
  asm.rm(I.STR_rm, 15, memPre(SP, -16));
  asm.rm(I.LDR_rm, SCRATCH3, mem(SCRATCH, lengthOffset));
  asm.rri(I.ADD_rri, SCRATCH, SCRATCH, itemsOffset);
  asm.rr(I.MOV_rr, SCRATCH2, LR);
  asm.rr(I.MOV_rr, 15, FP);
  asm.rl(I.CBZ_rl, SCRATCH3, done);
  asm.bind(loop);
  asm.rm(I.STR32_rm, SCRATCH2, memPost(SCRATCH, 4));
  asm.rri(I.SUB_rri, SCRATCH3, SCRATCH3, 1);
  asm.rl(I.CBZ_rl, SCRATCH3, done);
  asm.rl(I.CBZ_rl, 15, done);
  asm.rm(I.LDR_rm, SCRATCH2, mem(15, 8));
  asm.rm(I.LDR_rm, 15, mem(15, 0));
  asm.l(I.B_l, loop);
  asm.bind(done);
  asm.rm(I.LDR_rm, 15, memPost(SP, 16));
  asm.none(I.RET);
}

/**
 * `rts.callByKind`, call_machine_code_by_kind's routine (ops-calls.ts): x9 = the code's address,
 * x0 = the first of n integer arguments (x1 = n <= 6), x2 = the first of m float arguments
 * (x3 = m <= 8), the counts checked by the caller. Loads the floats into d0.. and the integers
 * into x0.. (the internal convention's argument registers), calls the code and returns with its
 * result in x0 or d0. A frame record of its own, so that a stack trace taken below walks through
 * it to the call site.
 */
export function emitCallByKind(asm: Assembler): void {
  asm.rrm(I.STP_rrm, FP, LR, memPre(SP, -16));
  asm.rr(I.MOV_rr, FP, SP);
  const floatsDone = new Label();
  for (let k = 0; k < 8; k++) {
    asm.ri(I.CMP_ri, 3, k);
    asm.l(I.Bcc_l[CC_LS]!, floatsDone);
    asm.rm(I.LDR_vm, k, mem(2, 8 * k));
  }
  asm.bind(floatsDone);
  asm.rr(I.MOV_rr, SCRATCH, 0);
  asm.rr(I.MOV_rr, SCRATCH2, 1);
  const intsDone = new Label();
  for (let k = 0; k < 6; k++) {
    asm.ri(I.CMP_ri, SCRATCH2, k);
    asm.l(I.Bcc_l[CC_LS]!, intsDone);
    asm.rm(I.LDR_rm, k, mem(SCRATCH, 8 * k));
  }
  asm.bind(intsDone);
  asm.r(I.BLR_r, 9);
  asm.rrm(I.LDP_rrm, FP, LR, memPost(SP, 16));
  asm.none(I.RET);
}

