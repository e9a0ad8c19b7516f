/**
 * The LL interpreter's GC operations (src/runtime/gc/layout.ts, the GC transform's output): graphs that
 * went through gcTransform run here as before. The interpreter has no collector (malloc bumps
 * its memory), but the contract is kept for real, so that the transform is tested by running:
 * - gc_shared: a block of SHARED_SIZE bytes in the interpreter's memory, made on first use
 *   (raw_load and raw_store work on it);
 * - the shadow stack: a region of the same memory, reserved on first use, whose base and top
 *   are the shared words SHARED_ROOT_BASE and SHARED_ROOT_TOP, as the collector reads them;
 *   gc_push_roots zeroes the slots it reserves, as the machine code does;
 * - the write barriers: nothing to remember without a collector; they check that their object is
 *   not null (with the store's message: the barrier runs first).
 */

import type { LLOpHandlers } from "./lloperation.js";
import type { SourcePos } from "./llgraph.js";
import { SHARED_ROOT_BASE, SHARED_ROOT_TOP, SHARED_SIZE } from "./gc-shared.js";
import type { LLValue } from "./llgraph.js";
import { LLFatalError, type LLInterpreter, type LLRuntimeValue } from "./llinterp.js";
import { ArrayType, Signed } from "./lltype.js";

type OpImpl = (interp: LLInterpreter, args: LLRuntimeValue[], operands: readonly LLValue[], pos: SourcePos | undefined) => LLRuntimeValue;

const WORD = 8;
/** Words of the interpreter's shadow stack: far more than its call depth limit (LLInterpreter.maxCallDepth) times any frame's slots. */
const SHADOW_STACK_WORDS = 1 << 17;

const SHARED_BLOCK = new ArrayType(Signed, { gc: false, fixedLength: SHARED_SIZE / WORD, name: "gc_shared" });
const SHADOW_STACK = new ArrayType(Signed, { gc: false, fixedLength: SHADOW_STACK_WORDS, name: "gc_shadow_stack" });

interface GcMemory {
  readonly shared: number;
  /** The shadow stack's end (base + its size), once reserved. */
  readonly limit: number;
}

/** The shared block of the interpreter, with the shadow stack reserved (made on first use; tests call it before a run to have it in place). */
export function prepareGcMemory(interp: LLInterpreter): GcMemory {
  let state = interp.gcMemory;
  if (!state) {
    const memory = interp.memory;
    const shared = memory.allocate(SHARED_BLOCK);
    const base = memory.allocate(SHADOW_STACK);
    memory.storeWord(shared + SHARED_ROOT_BASE, base);
    memory.storeWord(shared + SHARED_ROOT_TOP, base);
    state = { shared, limit: base + SHADOW_STACK_WORDS * WORD };
    interp.gcMemory = state;
  }
  return state;
}

/** The shadow stack's slots in use, [base, top) (empty before any gc_push_roots). */
export function shadowStack(interp: LLInterpreter): { base: number; top: number } {
  const { shared } = prepareGcMemory(interp);
  return { base: interp.memory.loadWord(shared + SHARED_ROOT_BASE), top: interp.memory.loadWord(shared + SHARED_ROOT_TOP) };
}

const num = (v: LLRuntimeValue) => v as number;

function top(interp: LLInterpreter): number {
  return interp.memory.loadWord(prepareGcMemory(interp).shared + SHARED_ROOT_TOP);
}

function setTop(interp: LLInterpreter, value: number): void {
  interp.memory.storeWord(prepareGcMemory(interp).shared + SHARED_ROOT_TOP, value);
}

/** The address of the slot at a (negative) offset from the top, checked to be in the stack. */
function slot(interp: LLInterpreter, offset: number): number {
  const address = top(interp) + offset;
  if (offset >= 0 || address < shadowStack(interp).base) throw new Error(`internal error: shadow stack slot at offset ${offset} outside the frames pushed`);
  return address;
}

function barrier(interp: LLInterpreter, object: LLRuntimeValue, pos: SourcePos | undefined): undefined {
  if (object === 0) throw new LLFatalError("null dereference", pos);
  void interp;
  return undefined;
}

export const GC_OPS = {
  gc_shared: (interp) => prepareGcMemory(interp).shared,
  gc_push_roots: (interp, [n]) => {
    const start = top(interp);
    const end = start + num(n) * WORD;
    if (end > prepareGcMemory(interp).limit) throw new Error("internal error: the LL interpreter's shadow stack is full");
    for (let a = start; a < end; a += WORD) interp.memory.storeWord(a, 0);
    setTop(interp, end);
    return undefined;
  },
  gc_pop_roots: (interp, [n]) => {
    const end = top(interp) - num(n) * WORD;
    if (end < shadowStack(interp).base) throw new Error("internal error: gc_pop_roots below the shadow stack's base");
    setTop(interp, end);
    return undefined;
  },
  gc_save_root: (interp, [offset, value]) => {
    interp.memory.storeWord(slot(interp, num(offset)), num(value));
    return undefined;
  },
  gc_restore_root: (interp, [offset]) => interp.memory.loadWord(slot(interp, num(offset))),
  // The interpreter always runs the saves: the slot is up to date.
  gc_reload_root: (interp, [offset]) => interp.memory.loadWord(slot(interp, num(offset))),
  gc_write_barrier: (interp, [object], _, pos) => barrier(interp, object, pos),
  gc_write_barrier_array: (interp, [object], _, pos) => barrier(interp, object, pos),
} satisfies Partial<LLOpHandlers<OpImpl>>;
