/**
 * The contract between the collector (RTS, in this folder), the GC transform (transform-*.ts),
 * the code generators (inline allocation and write barriers) and the LL interpreter: where the
 * shared words are, what the header flags mean, how the type table describes objects. Every
 * number the machine code and the collector must agree on is here, once.
 *
 * Objects: an 8-byte header (a 32-bit type id at offset 0, 32 bits of flags at offset 4), then
 * the fields and items as lltype.ts computeLayout lays them out. Every object takes at least
 * MIN_OBJECT_SIZE bytes (the copying collector writes the forwarding address at offset 8), and
 * sizes are multiples of 8.
 */

// ---- header flags (the 32-bit word at offset FLAGS_OFFSET)

export const TYPE_ID_OFFSET = 0;
export const FLAGS_OFFSET = 4;
export const MIN_OBJECT_SIZE = 16;
/** Where a forwarded young object keeps its copy's address. */
export const FORWARD_OFFSET = 8;

/**
 * An old or prebuilt object that is not in the remembered set: a store of a pointer into it must
 * call the write barrier's slow path. The inline barrier tests this bit (bit 0 of the byte at
 * FLAGS_OFFSET), nothing else.
 */
export const TRACK_YOUNG_PTRS = 1;
/** Reached by the current major collection's marking. */
export const MARKED = 2;
/** A prebuilt object (in the program's data, outside the heap): never moved, never freed. */
export const PREBUILT = 4;
/** A young object already copied out of the nursery: its copy is at FORWARD_OFFSET. */
export const FORWARDED = 8;
/** A large array whose item stores mark cards instead of remembering the whole array. */
export const HAS_CARDS = 16;
/** A large array with at least one card marked (it is in the list of such arrays). */
export const CARDS_SET = 32;
/** A young object whose identity hash was taken (its nursery address): keep it when it moves. */
export const HASH_TAKEN = 64;
/** An object that carries its identity hash in the word after its last item. */
export const HAS_HASH_FIELD = 128;
/** A prebuilt object already in the list of prebuilt objects written since the program started. */
export const PREBUILT_TRACKED = 256;
/** Allocated on its own outside the nursery and the size classes (a large object). */
export const LARGE = 512;
/** A large object allocated since the last minor collection: young, though outside the nursery. */
export const LARGE_YOUNG = 1024;

/** The flags of every prebuilt object, as the code generator writes them into the data. */
export const PREBUILT_FLAGS = PREBUILT | TRACK_YOUNG_PTRS;

// ---- the shared words: the LL level's own (llir/gc-shared.ts), since the gc_shared operation
// returns them and the LL interpreter and the backends read them too.

export { SHARED_NURSERY_FREE, SHARED_NURSERY_TOP, SHARED_ROOT_TOP, SHARED_ROOT_BASE, SHARED_TYPE_TABLE, SHARED_TYPE_COUNT, SHARED_ENVP, SHARED_LARGE_THRESHOLD, SHARED_TRACE_TABLE, SHARED_JIT_SAFE_POINT, SHARED_SIZE } from "../../llir/gc-shared.js";

// ---- the type table: one entry of TYPE_ENTRY_SIZE bytes per type id (entry 0 unused)

export const TYPE_ENTRY_SIZE = 48;
/** Bytes of the fixed part: the whole object for fixed-size types, up to item 0 for variable-sized ones. */
export const TYPE_FIXED_SIZE = 0;
/** Bytes per item of a variable-sized type; 0 for fixed-size types. */
export const TYPE_ITEM_SIZE = 8;
/** Offset of the length word of a variable-sized type. */
export const TYPE_LENGTH_OFFSET = 16;
/** Offset of item 0 of a variable-sized type. */
export const TYPE_ITEMS_OFFSET = 24;
/** Address of the fixed part's GC pointer offsets: a word count, then that many offsets (words). */
export const TYPE_POINTERS = 32;
/** Address of the GC pointer offsets inside one item, in the same form (count 0: no pointers). */
export const TYPE_ITEM_POINTERS = 40;

// ---- the shadow stack

/** Bytes of the shadow stack a translated program maps (untouched pages cost nothing). */
export const NATIVE_ROOT_STACK_BYTES = 1 << 30;
