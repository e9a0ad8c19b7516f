/**
 * The GC's shared block: one block of words that the collector (RTS, src/runtime/gc), the machine code the
 * backends generate and the LL interpreter all read and write. `gc_shared` (lloperation.ts)
 * returns its address; these are the offsets of its words. They live on the LL floor because the
 * operations' meaning depends on them; src/runtime/gc/layout.ts, the rest of the collector's contract,
 * re-exports them.
 */

/** Next free byte of the nursery: the inline allocation's bump pointer. */
export const SHARED_NURSERY_FREE = 0;
/** End of the nursery space allocation may use (the inline path calls gcAllocSlow past it). */
export const SHARED_NURSERY_TOP = 8;
/** The shadow stack's top: the next free root slot (roots are words in [base, top)). */
export const SHARED_ROOT_TOP = 16;
/** The shadow stack's first slot. */
export const SHARED_ROOT_BASE = 24;
/** The address of the type table (below). */
export const SHARED_TYPE_TABLE = 32;
/** The number of entries of the type table (type ids are 1 .. count-1). */
export const SHARED_TYPE_COUNT = 40;
/** The process's envp: an array of addresses of NUL-terminated "NAME=value" strings, ending with 0 (0: no environment). */
export const SHARED_ENVP = 48;
/** Requests of more bytes than this skip the nursery (large objects): the inline allocation of variable-sized objects compares with it. */
export const SHARED_LARGE_THRESHOLD = 56;
/** The stack trace table (src/backend-x86/codegen/trace-table.ts), 0 where there is none (the LL interpreter). Not the collector's: the shared block is the one place compiled code publishes addresses to RTS code. */
export const SHARED_TRACE_TABLE = 64;
/**
 * 1 when the JIT's machine code should stop at its next safe point (a loop's label) for a
 * collection: the collector sets it when the JIT has held the heap for a nursery's worth of
 * allocation (every allocation under RTS_GC_STRESS), and clears it when it collects.
 */
export const SHARED_JIT_SAFE_POINT = 72;
/** The size of the shared block, in bytes. */
export const SHARED_SIZE = 80;
