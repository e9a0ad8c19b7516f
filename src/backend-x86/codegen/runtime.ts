/**
 * The few routines of a translated program that are not LL graphs, because they run before any
 * graph can (process start) or under contracts no graph follows (allocSlow keeps every register).
 * Everything else of the runtime (argv strings, output buffers, fatal messages, uncaught
 * exceptions) is RTS, in src/rtyper/helpers and src/rtyper/native-runtime.ts.
 */

import { Assembler } from "../assembler.js";
import { CC_A, CC_BE, CC_NE } from "../encoding.js";
import * as I from "../instructions.js";
import { Label, mem, memIndexed, memRip } from "../operands.js";
import { R10, R11, R12, R13, R8, R9, RAX, RBP, RCX, RDI, RDX, RSI, RSP } from "../registers.js";
import type { ProgramData } from "./data.js";

const SYS_MMAP = 9;
const SYS_GETRLIMIT = 97;
const SYS_EXIT_GROUP = 231;
const RLIMIT_STACK = 3;
const PROT_READ_WRITE = 3;
const MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;

/** The stack a program may use at most, whatever `ulimit -s` allows. */
const STACK_CAP = 1 << 30;
/**
 * What stays free below the stack limit: enough for the fatal error and stack overflow paths
 * (building a RangeError, formatting a message) to run after a check failed.
 */
const STACK_MARGIN = 256 * 1024;
/** Memory is mapped in chunks of this size (untouched pages cost nothing: MAP_NORESERVE). */
const HEAP_CHUNK = 64 << 20;

export interface RuntimeVariables {
  heapTop: number;
  heapLimit: number;
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
 * allocSlow: r11 = bytes wanted; returns the new object's address in rax, having mapped a new
 * chunk (the rest of the old one is dropped); keeps every register but rax and r11. Out of
 * memory calls fatal(message) with the message's prebuilt string.
 */
export function emitAllocSlow(asm: Assembler, vars: RuntimeVariables, dataRef: DataRef, data: ProgramData, fatal: Label): void {
  const saved = [RCX, RDX, RSI, RDI, R8, R9, R10];
  for (const r of saved) asm.r(I.PUSH_r, r);
  asm.r(I.PUSH_r, R11);
  // size = max(bytes, HEAP_CHUNK), rounded up to pages
  asm.ri(I.MOV_ri, RSI, HEAP_CHUNK);
  const chunk = new Label();
  asm.rr(I.CMP_rr, R11, RSI);
  asm.l(I.Jcc_l8[CC_BE]!, chunk);
  asm.rm(I.LEA_rm, RSI, mem(R11, 4095));
  asm.ri(I.AND_ri, RSI, -4096);
  asm.bind(chunk);
  asm.r(I.PUSH_r, RSI);
  asm.rr(I.XOR32_rr, RDI, RDI);
  asm.ri(I.MOV_ri, RDX, PROT_READ_WRITE);
  asm.ri(I.MOV_ri, R10, MAP_PRIVATE_ANONYMOUS_NORESERVE);
  asm.ri(I.MOV_ri, R8, -1);
  asm.rr(I.XOR32_rr, R9, R9);
  asm.ri(I.MOV_ri, RAX, SYS_MMAP);
  asm.none(I.SYSCALL);
  const failed = new Label();
  asm.ri(I.CMP_ri, RAX, -4096);
  asm.l(I.Jcc_l[CC_A]!, failed); // -errno, as an unsigned number, is above every address
  asm.r(I.POP_r, RSI);
  asm.r(I.POP_r, R11);
  asm.rm(I.LEA_rm, RCX, memIndexed(RAX, RSI, 1, 0));
  dataRef(() => asm.mr(I.MOV_mr, memRip(0), RCX), vars.heapLimit);
  asm.rm(I.LEA_rm, RCX, memIndexed(RAX, R11, 1, 0));
  dataRef(() => asm.mr(I.MOV_mr, memRip(0), RCX), vars.heapTop);
  for (let i = saved.length - 1; i >= 0; i--) asm.r(I.POP_r, saved[i]!);
  asm.none(I.RET);
  asm.bind(failed);
  asm.ri(I.AND_ri, RSP, -16);
  dataRef(() => asm.rm(I.LEA_rm, RDI, memRip(0)), data.string("out of memory"));
  asm.rr(I.XOR32_rr, RSI, RSI);
  asm.l(I.CALL_l, fatal);
  asm.none(I.UD2);
}
