/**
 * Instruction selection for the garbage collector's contract (src/runtime/gc/layout.ts): the shadow
 * stack (a word in the shared block is its top; a function reserves its slots on entry), the
 * inline write barrier (one test of the header's TRACK_YOUNG_PTRS bit; the rare slow path goes
 * through a runtime stub that keeps every register), identity hashes, and the raw memory and
 * system calls the collector itself uses.
 */

import { LLConstant, type LLValue } from "../../llir/llgraph.js";
import type { LLOpHandlers, LLOpName } from "../../llir/lloperation.js";
import { CC_B, CC_NE } from "../../runtime/x86/encoding.js";
import * as I from "../../runtime/x86/instructions.js";
import { Label, mem, memRip } from "../../runtime/x86/operands.js";
import { R10, R11, R8, R9, RAX, RCX, RDI, RDX, RSI } from "../../runtime/x86/registers.js";
import { FLAGS_OFFSET, SHARED_ROOT_TOP, TRACK_YOUNG_PTRS } from "../../runtime/gc/layout.js";
import { constantNumber, type FunctionCompiler } from "./function.js";
import { parallelMove } from "./moves.js";
import type { Emit } from "./ops.js";

// ---- the shadow stack

/** The .data offset of the shadow stack's top word. */
const rootTop = (fc: FunctionCompiler) => fc.program.shared + SHARED_ROOT_TOP;

const count = (v: LLValue) => constantNumber(v as LLConstant)!;

/** gc_push_roots(n): zeroes n slots above the top (a collection must never see a stale word), then raises the top. */
export const gcPushRoots: Emit = (fc, op) => {
  const n = count(op.args[0]!);
  if (n === 0) return;
  fc.ripLoad(I.MOV_rm, RAX, { targetSection: "data", targetOffset: rootTop(fc) });
  for (let i = 0; i < n; i++) fc.asm.mi(I.MOV_mi, mem(RAX, 8 * i), 0);
  fc.asm.rm(I.LEA_rm, RAX, mem(RAX, 8 * n));
  fc.asm.mr(I.MOV_mr, memRip(0), RAX);
  fc.ripRelocation({ targetSection: "data", targetOffset: rootTop(fc) });
};

export const gcPopRoots: Emit = (fc, op) => {
  const n = count(op.args[0]!);
  if (n === 0) return;
  fc.asm.mi(I.SUB_mi, memRip(0), 8 * n);
  // SUB [rip+X], imm: the displacement is followed by the immediate, so it is not the instruction's last 4 bytes.
  const end = fc.asm.position();
  const immBytes = 8 * n < 128 ? 1 : 4;
  fc.program.relocations.push({ kind: "rel32", section: "text", offset: end - 4 - immBytes, end, targetSection: "data", targetOffset: rootTop(fc) });
};

export const gcSaveRoot: Emit = (fc, op) => {
  const offset = count(op.args[0]!);
  fc.ripLoad(I.MOV_rm, R11, { targetSection: "data", targetOffset: rootTop(fc) });
  const value = fc.gpr(op.args[1]!, RAX);
  fc.asm.mr(I.MOV_mr, mem(R11, offset), value);
};

export const gcRestoreRoot: Emit = (fc, op) => {
  const offset = count(op.args[0]!);
  fc.ripLoad(I.MOV_rm, R11, { targetSection: "data", targetOffset: rootTop(fc) });
  const d = fc.dst(op.result, RAX);
  fc.asm.rm(I.MOV_rm, d, mem(R11, offset));
  fc.finish(op.result, d);
};

// ---- write barriers

/** test [obj + flags], TRACK_YOUNG_PTRS; jnz slow, where slow calls the stub with obj in r11 (and the index in rax). */
function barrier(fc: FunctionCompiler, obj: LLValue, index: LLValue | undefined, stub: Label): void {
  const asm = fc.asm;
  const prebuilt = obj instanceof LLConstant;
  if (prebuilt) {
    const value = obj.value as { kind: string };
    if (value.kind !== "prebuilt") throw new Error("internal error: a write barrier on a constant that is no object");
    asm.mi(I.TEST8_mi, memRip(0), TRACK_YOUNG_PTRS);
    const end = asm.position();
    fc.program.relocations.push({ kind: "rel32", section: "text", offset: end - 5, end, targetSection: "data", targetOffset: fc.program.data.prebuilt(obj.value as never) + FLAGS_OFFSET });
  } else {
    asm.mi(I.TEST8_mi, mem(fc.gpr(obj, RAX), FLAGS_OFFSET), TRACK_YOUNG_PTRS);
  }
  const slow = new Label();
  const back = new Label();
  asm.l(I.Jcc_l[CC_NE]!, slow);
  asm.bind(back);
  const pos = fc.currentPos;
  fc.defer(() => {
    asm.bind(slow);
    fc.toGpr(obj, R11);
    if (index) fc.toGpr(index, RAX);
    asm.l(I.CALL_l, stub);
    fc.site(pos);
    asm.l(I.JMP_l, back);
  });
}

export const gcWriteBarrier: Emit = (fc, op) => barrier(fc, op.args[0]!, undefined, fc.program.runtime.writeBarrier);

export const gcWriteBarrierArray: Emit = (fc, op) => barrier(fc, op.args[0]!, op.args[1]!, fc.program.runtime.writeBarrierArray);

/** identityhash(obj): the collector keeps it stable (an object moves once, out of the nursery). */
export const identityHash: Emit = (fc, op) => {
  fc.toGpr(op.args[0]!, R11);
  fc.asm.l(I.CALL_l, fc.program.runtime.identityHash);
  fc.site(op.pos);
  fc.finish(op.result, RAX);
};

export const gcShared: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.ripLoad(I.LEA_rm, d, { targetSection: "data", targetOffset: fc.program.shared });
  fc.finish(op.result, d);
};

// ---- raw memory (treated as calls: they use rdi, rsi and rcx)

function argumentsTo(fc: FunctionCompiler, values: [LLValue, number][]): void {
  parallelMove(
    values.map(([v, dst]) => ({ src: v instanceof LLConstant ? v : fc.locOf(v)!, dst, float: false })),
    { move: (s, d, float) => fc.move(s, d, float), load: (c, d, float) => fc.loadConstant(c, d, float) },
  );
}

/**
 * A word loop then a byte loop over rcx bytes from rdi (and rsi): the collector's copies and
 * clears are words (objects are multiples of 8 bytes), so the byte loop rarely runs. Each loop
 * runs while rcx >= its width (unsigned: the byte loop stops at 0).
 */
function byteLoops(fc: FunctionCompiler, copy: boolean): void {
  const asm = fc.asm;
  const widths = [
    { size: 8, load: I.MOV_rm, store: I.MOV_mr, clear: I.MOV_mi },
    { size: 1, load: I.MOVZX8_rm, store: I.MOV8_mr, clear: I.MOV8_mi },
  ];
  for (const { size, load, store, clear } of widths) {
    const loop = new Label();
    const next = new Label();
    asm.bind(loop);
    asm.ri(I.CMP_ri, RCX, size);
    asm.l(I.Jcc_l8[CC_B]!, next);
    if (copy) {
      asm.rm(load, RAX, mem(RSI, 0));
      asm.mr(store, mem(RDI, 0), RAX);
      asm.ri(I.ADD_ri, RSI, size);
    } else asm.mi(clear, mem(RDI, 0), 0);
    asm.ri(I.ADD_ri, RDI, size);
    asm.ri(I.SUB_ri, RCX, size);
    asm.l(I.JMP_l8, loop);
    asm.bind(next);
  }
}

export const rawMemcopy: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, RDI],
    [op.args[1]!, RSI],
    [op.args[2]!, RCX],
  ]);
  byteLoops(fc, true);
};

export const rawMemclear: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, RDI],
    [op.args[1]!, RCX],
  ]);
  byteLoops(fc, false);
};

// ---- system calls of the collector and the log

const SYS_WRITE = 1;
const SYS_MMAP = 9;
const SYS_MUNMAP = 11;
const SYS_MPROTECT = 10;
const SYS_OPENAT = 257;
const AT_FDCWD = -100;
const PROT_READ_WRITE = 3;
/** MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE: pages cost nothing until touched. */
const MAP_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
/** O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC. */
const O_CREATE = 0x1 | 0x40 | 0x200 | 0x80000;

function syscall(fc: FunctionCompiler, number: number): void {
  fc.asm.ri(I.MOV_ri, RAX, number);
  fc.asm.none(I.SYSCALL);
}

export const osMmap: Emit = (fc, op) => {
  argumentsTo(fc, [[op.args[0]!, RSI]]);
  fc.asm.rr(I.XOR32_rr, RDI, RDI);
  fc.asm.ri(I.MOV_ri, RDX, PROT_READ_WRITE);
  fc.asm.ri(I.MOV_ri, R10, MAP_ANONYMOUS_NORESERVE);
  fc.asm.ri(I.MOV_ri, R8, -1);
  fc.asm.rr(I.XOR32_rr, R9, R9);
  syscall(fc, SYS_MMAP);
  fc.finish(op.result, RAX);
};

export const osMunmap: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, RDI],
    [op.args[1]!, RSI],
  ]);
  syscall(fc, SYS_MUNMAP);
  fc.finish(op.result, RAX);
};

export const osMprotect: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, RDI],
    [op.args[1]!, RSI],
    [op.args[2]!, RDX],
  ]);
  syscall(fc, SYS_MPROTECT);
  fc.finish(op.result, RAX);
};

export const osWriteRaw: Emit = (fc, op) => {
  argumentsTo(fc, [
    [op.args[0]!, RDI],
    [op.args[1]!, RSI],
    [op.args[2]!, RDX],
  ]);
  syscall(fc, SYS_WRITE);
  fc.finish(op.result, RAX);
};

export const osCreate: Emit = (fc, op) => {
  argumentsTo(fc, [[op.args[0]!, RSI]]);
  fc.asm.ri(I.MOV_ri, RDI, AT_FDCWD);
  fc.asm.ri(I.MOV_ri, RDX, O_CREATE);
  fc.asm.ri(I.MOV_ri, R10, 0o644);
  syscall(fc, SYS_OPENAT);
  fc.finish(op.result, RAX);
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
