/**
 * Instruction selection for the garbage collector's contract (src/runtime/gc/layout.ts), as on
 * x86-64: the shadow stack (a word in the shared block is its top; a function reserves its slots
 * on entry), the inline write barrier (one test of the header's TRACK_YOUNG_PTRS bit; the rare
 * slow path goes through a runtime stub that keeps every register), identity hashes, and the raw
 * memory and system calls the collector itself uses (Linux AArch64 numbers: svc #0, the number in
 * x8, arguments in x0-x5, the result in x0).
 */

import { LLConstant, type LLValue } from "../../llir/llgraph.js";
import type { LLOpHandlers, LLOpName } from "../../llir/lloperation.js";
import { CC_LO, CC_NE } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { Label, mem, memPost } from "../../runtime/aarch64/operands.js";
import { XZR } from "../../runtime/aarch64/registers.js";
import { FLAGS_OFFSET, SHARED_ROOT_TOP, TRACK_YOUNG_PTRS } from "../../runtime/gc/layout.js";
import { parallelMove } from "../../backend/moves.js";
import { constantNumber, type FunctionCompiler } from "./function.js";
import { AARCH64_REGISTERS, SCRATCH, SCRATCH2, SCRATCH3 } from "./locations.js";
import type { Emit } from "./ops.js";

// ---- the shadow stack

/** The .data offset of the shadow stack's top word. */
const rootTop = (fc: FunctionCompiler) => fc.program.shared + SHARED_ROOT_TOP;

const count = (v: LLValue) => constantNumber(v as LLConstant)!;

/** [x16 + offset] for an 8-byte access, through x17 when the offset has no encoding. */
function slotOf(fc: FunctionCompiler, offset: number) {
  if ((offset >= 0 && offset % 8 === 0 && offset <= 32760) || (offset >= -256 && offset <= 255)) return mem(SCRATCH, offset);
  fc.addConstant(SCRATCH, SCRATCH, offset);
  return mem(SCRATCH, 0);
}

/** x16 +/- bytes (below 2^24) in at most two immediates, x17 untouched (it holds the top word's page). */
function moveTop(fc: FunctionCompiler, form: typeof I.ADD_rri, bytes: number): void {
  const high = bytes - (bytes % 4096);
  if (high > 0) fc.asm.rri(form, SCRATCH, SCRATCH, high);
  if (bytes % 4096 > 0) fc.asm.rri(form, SCRATCH, SCRATCH, bytes % 4096);
}

/** gc_push_roots(n): zeroes n slots above the top (a collection must never see a stale word), then raises the top. */
export const gcPushRoots: Emit = (fc, op) => {
  const n = count(op.args[0]!);
  if (n === 0) return;
  if (n > 4095) throw new Error(`the AArch64 backend cannot compile ${fc.graph.name}: ${n} GC roots in one frame, beyond the 4095 its offsets reach`);
  const asm = fc.asm;
  // x17 holds the top word's page for the load and the store; x16 is the top throughout
  fc.dataPage(SCRATCH2, "data", rootTop(fc));
  fc.relocate("ldst64Lo12", "data", rootTop(fc));
  asm.rm(I.LDR_rm, SCRATCH, mem(SCRATCH2, 0));
  // x16 is the top throughout: the slots are zeroed in pairs from it (stp reaches 63 pairs), then one by one.
  for (let i = 0; i < n; ) {
    if (i + 2 <= n && 8 * i <= 504) {
      asm.rrm(I.STP_rrm, XZR, XZR, mem(SCRATCH, 8 * i));
      i += 2;
    } else {
      asm.rm(I.STR_rm, XZR, mem(SCRATCH, 8 * i));
      i++;
    }
  }
  moveTop(fc, I.ADD_rri, 8 * n);
  fc.relocate("ldst64Lo12", "data", rootTop(fc));
  asm.rm(I.STR_rm, SCRATCH, mem(SCRATCH2, 0));
};

export const gcPopRoots: Emit = (fc, op) => {
  const n = count(op.args[0]!);
  if (n === 0) return;
  fc.dataPage(SCRATCH2, "data", rootTop(fc));
  fc.relocate("ldst64Lo12", "data", rootTop(fc));
  fc.asm.rm(I.LDR_rm, SCRATCH, mem(SCRATCH2, 0));
  if (n > 4095) throw new Error(`the AArch64 backend cannot compile ${fc.graph.name}: ${n} GC roots in one frame, beyond the 4095 its offsets reach`);
  moveTop(fc, I.SUB_rri, 8 * n);
  fc.relocate("ldst64Lo12", "data", rootTop(fc));
  fc.asm.rm(I.STR_rm, SCRATCH, mem(SCRATCH2, 0));
};

export const gcSaveRoot: Emit = (fc, op) => {
  const value = fc.gprOrZero(op.args[1]!, SCRATCH3);
  fc.loadWord(SCRATCH, rootTop(fc));
  fc.asm.rm(I.STR_rm, value, slotOf(fc, count(op.args[0]!)));
};

export const gcRestoreRoot: Emit = (fc, op) => {
  fc.loadWord(SCRATCH, rootTop(fc));
  const d = fc.dst(op.result);
  fc.asm.rm(I.LDR_rm, d, slotOf(fc, count(op.args[0]!)));
  fc.finish(op.result, d);
};

// ---- write barriers

/** ldrb of [obj + flags]; tst TRACK_YOUNG_PTRS; b.ne slow, where slow calls the stub with obj in x16 (and the index in x17). */
function barrier(fc: FunctionCompiler, obj: LLValue, index: LLValue | undefined, stub: Label): void {
  const asm = fc.asm;
  if (obj instanceof LLConstant) {
    const value = obj.value as { kind: string };
    if (value.kind !== "prebuilt") throw new Error("internal error: a write barrier on a constant that is no object");
    fc.dataAddress(SCRATCH, "data", fc.program.data.prebuilt(obj.value as never) + FLAGS_OFFSET);
    asm.rm(I.LDRB_rm, SCRATCH, mem(SCRATCH, 0));
  } else {
    asm.rm(I.LDRB_rm, SCRATCH, mem(fc.gpr(obj, SCRATCH), FLAGS_OFFSET));
  }
  asm.ri(I.TST_ri, SCRATCH, TRACK_YOUNG_PTRS);
  const slow = new Label();
  const back = new Label();
  asm.l(I.Bcc_l[CC_NE]!, slow);
  asm.bind(back);
  const pos = fc.currentPos;
  fc.defer(() => {
    asm.bind(slow);
    fc.toGpr(obj, SCRATCH);
    if (index) fc.toGpr(index, SCRATCH2);
    asm.l(I.BL_l, stub);
    fc.site(pos);
    asm.l(I.B_l, back);
  });
}

export const gcWriteBarrier: Emit = (fc, op) => barrier(fc, op.args[0]!, undefined, fc.program.runtime.writeBarrier);

export const gcWriteBarrierArray: Emit = (fc, op) => barrier(fc, op.args[0]!, op.args[1]!, fc.program.runtime.writeBarrierArray);

/** identityhash(obj): the collector keeps it stable (an object moves once, out of the nursery). */
export const identityHash: Emit = (fc, op) => {
  fc.toGpr(op.args[0]!, SCRATCH);
  fc.asm.l(I.BL_l, fc.program.runtime.identityHash);
  fc.site(op.pos);
  fc.finish(op.result, SCRATCH);
};

export const gcShared: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.dataAddress(d, "data", fc.program.shared);
  fc.finish(op.result, d);
};

// ---- raw memory and system calls (treated as calls: they use the argument registers)

/** Moves values into registers at once (a parallel move: a value may already sit in another's register). */
export function argumentsTo(fc: FunctionCompiler, values: [LLValue, number][]): void {
  parallelMove(
    AARCH64_REGISTERS,
    values.map(([v, dst]) => ({ src: v instanceof LLConstant ? v : fc.locOf(v)!, dst, float: false })),
    { move: (s, d, float) => fc.move(s, d, float), load: (c, d, float) => fc.loadConstant(c, d, float) },
  );
}

/** svc #0 with the number in x8; the result in x0. */
export function syscall(fc: FunctionCompiler, number: number): void {
  fc.asm.movConstant(8, number);
  fc.asm.i(I.SVC_i, 0);
}

/**
 * A word loop then a byte loop over x2 bytes from x0 (and x1): the collector's copies and
 * clears are words (objects are multiples of 8 bytes), so the byte loop rarely runs. Each loop
 * runs while x2 >= its width (unsigned: the byte loop stops at 0).
 */
function byteLoops(fc: FunctionCompiler, copy: boolean): void {
  const asm = fc.asm;
  const widths = [
    { size: 8, load: I.LDR_rm, store: I.STR_rm },
    { size: 1, load: I.LDRB_rm, store: I.STRB_rm },
  ];
  for (const { size, load, store } of widths) {
    const loop = new Label();
    const next = new Label();
    asm.bind(loop);
    asm.ri(I.CMP_ri, 2, size);
    asm.l(I.Bcc_l[CC_LO]!, next);
    if (copy) {
      asm.rm(load, SCRATCH, memPost(1, size));
      asm.rm(store, SCRATCH, memPost(0, size));
    } else asm.rm(store, XZR, memPost(0, size));
    asm.rri(I.SUB_rri, 2, 2, size);
    asm.l(I.B_l, loop);
    asm.bind(next);
  }
}

export const rawMemcopy: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, 0],
    [op.args[1]!, 1],
    [op.args[2]!, 2],
  ]);
  byteLoops(fc, true);
};

export const rawMemclear: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, 0],
    [op.args[1]!, 2],
  ]);
  byteLoops(fc, false);
};

export const SYS_WRITE = 64;
const SYS_MMAP = 222;
const SYS_MUNMAP = 215;
const SYS_MPROTECT = 226;
export const SYS_OPENAT = 56;
export const AT_FDCWD = -100;
const PROT_READ_WRITE = 3;
/** MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE: pages cost nothing until touched. */
const MAP_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
/** O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC (the generic values, which AArch64 Linux uses). */
const O_CREATE = 0x1 | 0x40 | 0x200 | 0x80000;

export const osMmap: Emit = (fc, op) => {
  argumentsTo(fc, [[op.args[0]!, 1]]);
  const asm = fc.asm;
  asm.rr(I.MOV_rr, 0, XZR);
  asm.movConstant(2, PROT_READ_WRITE);
  asm.movConstant(3, MAP_ANONYMOUS_NORESERVE);
  asm.movConstant(4, -1);
  asm.rr(I.MOV_rr, 5, XZR);
  syscall(fc, SYS_MMAP);
  fc.finish(op.result, 0);
};

export const osMunmap: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, 0],
    [op.args[1]!, 1],
  ]);
  syscall(fc, SYS_MUNMAP);
  fc.finish(op.result, 0);
};

export const osMprotect: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, 0],
    [op.args[1]!, 1],
    [op.args[2]!, 2],
  ]);
  syscall(fc, SYS_MPROTECT);
  fc.finish(op.result, 0);
};

export const osWriteRaw: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, 0],
    [op.args[1]!, 1],
    [op.args[2]!, 2],
  ]);
  syscall(fc, SYS_WRITE);
  fc.finish(op.result, 0);
};

export const osCreate: Emit = (fc, op) => {
  argumentsTo(fc, [[op.args[0]!, 1]]);
  fc.asm.movConstant(0, AT_FDCWD);
  fc.asm.movConstant(2, O_CREATE);
  fc.asm.movConstant(3, 0o644);
  syscall(fc, SYS_OPENAT);
  fc.finish(op.result, 0);
};

/** The operations here after which the caller-saved registers hold nothing. */
export const GC_CALLS: readonly LLOpName[] = ["raw_memcopy", "raw_memclear", "os_mmap", "os_munmap", "os_mprotect", "os_write_raw", "os_create"];

export const GC_OPERATIONS = {
  gc_push_roots: gcPushRoots,
  gc_pop_roots: gcPopRoots,
  gc_save_root: gcSaveRoot,
  gc_restore_root: gcRestoreRoot,
  // Alone (not right after an allocation the function compiler groups with it): a restore.
  gc_reload_root: gcRestoreRoot,
  gc_write_barrier: gcWriteBarrier,
  gc_write_barrier_array: gcWriteBarrierArray,
  gc_shared: gcShared,
  identityhash: identityHash,
  raw_memcopy: rawMemcopy,
  raw_memclear: rawMemclear,
  os_mmap: osMmap,
  os_munmap: osMunmap,
  os_mprotect: osMprotect,
  os_write_raw: osWriteRaw,
  os_create: osCreate,
} satisfies Partial<LLOpHandlers<Emit>>;


