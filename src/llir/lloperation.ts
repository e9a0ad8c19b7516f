/**
 * The LL operations, as one table of data (RPython's rtyper/lltypesystem/lloperation.py): the
 * operations of LL graphs, which the GC transform, the JIT's codewriter, the LL interpreter and
 * every backend read. Each entry gives the operand and result types and the flags every later
 * stage asks about; nothing else in the project keeps its own list of operation properties.
 *
 * Signatures are written as "Signed Signed -> Signed": the operands' types, then the result's.
 * The verifier (checkllgraph.ts) holds every operation of every graph to them. A place is
 * - an LL type's name (`Signed`, `Void`): exactly that type; several joined by `|`
 *   (`Signed|Char`): any one of them;
 * - `ptr`: any pointer (to a struct or an array, GC or raw, or to a function: a function value
 *   may be undefined); `any`: any type (as a result: the variable's type, whatever it is);
 * - `name`: a constant field name (a string constant of type Void);
 * - `type`: a constant LL type (of type Void); `type:T` names it T, as a variable holds it
 *   (lltype.ts widened: a raw_load of Uint8 gives a Signed);
 * - `T` (one capital letter): the same type at each place it stands, fixed by `type:T` or by the
 *   first operand written T; `Ptr(T)`: the pointer to it;
 * - `field`: the type, as a variable holds it, of the field the `name` operand names in the
 *   struct that operand 0 points to (base structs nested first included); `item`: the item type,
 *   as a variable holds it, of the array operand 0 points to, or of the array field the `name`
 *   operand names;
 * - `itemfield`: the type, as a variable holds it, of the field the `name` operand names in the
 *   items of the array operand 0 points to, when those items are inline non-GC structs
 *   (RPython's GcArray(Struct(...)), rordereddict's entries);
 * - `fn`: a known function (a function constant); `fnptr`: a function pointer (a variable or a
 *   constant); as the last operand, `args` stands for the function's arguments (as many as it
 *   has parameters, each of its parameter's type) and as the result, `result` for its result;
 * - `...` (last): any number of further operands of any type.
 *
 * Flags:
 * - pure: no side effect and the result depends only on the operands (may be folded, moved or
 *   removed when unused; the JIT's optimizer folds it on constants);
 * - read: reads memory, with no side effect: removable when unused, but its result depends on
 *   the memory at that point as well as on the operands, so it is never folded, not even on a
 *   constant pointer (a prebuilt object's fields and items change at run time), and never moved
 *   across an effect;
 * - raise: may end in an exception the program can catch (the exception transform follows it
 *   with a check);
 * - alloc: may allocate, so may start a garbage collection (the GC needs the live references);
 * - effect: has a side effect other than allocation (stores, I/O, calls);
 * - fatal: may stop the program with a fatal error (a failed safety check).
 */

import { ArrayType, PRIMITIVES, StructType, fieldType, typeName, widened, type LLType } from "./lltype.js";

export type LLOpFlag = "pure" | "read" | "raise" | "alloc" | "effect" | "fatal";

/**
 * One place of a signature, as the verifier reads it (the header above says what each means).
 * `var` is a type variable (`T`, or `Ptr(T)` when pointer is true); `type` a constant LL type,
 * which binds the variable when it has one.
 */
export type LLPlace =
  | { readonly kind: "types"; readonly names: readonly string[] }
  | { readonly kind: "ptr" | "any" | "name" | "fn" | "fnptr" | "field" | "item" | "itemfield" | "result" }
  | { readonly kind: "type"; readonly binds: string | undefined }
  | { readonly kind: "var"; readonly name: string; readonly pointer: boolean };

export interface LLOpInfo {
  readonly name: string;
  /** The fixed operands' places as written (`Signed`, `ptr`, `type:T`); the variadic tail not included. */
  readonly args: readonly string[];
  /** Whether further operands follow the fixed ones (`...` or `args` ends the operands). */
  readonly variadic: boolean;
  /** What the further operands are: any values (`...`), or the function's arguments (`args`). */
  readonly tail: "any" | "args" | undefined;
  readonly result: string;
  /** args and result, read (parsePlace). */
  readonly argPlaces: readonly LLPlace[];
  readonly resultPlace: LLPlace;
  readonly pure: boolean;
  readonly readsMemory: boolean;
  readonly canRaise: boolean;
  readonly canAllocate: boolean;
  readonly sideEffects: boolean;
  readonly canFail: boolean;
  readonly doc: string;
}

const WORDS: ReadonlySet<string> = new Set(["ptr", "any", "name", "fn", "fnptr", "field", "item", "itemfield", "result"]);

/** A place of a signature, read; an unknown word is an error in the table (thrown at import). */
export function parsePlace(text: string, where: string): LLPlace {
  if (WORDS.has(text)) return { kind: text as "ptr" };
  if (text === "type") return { kind: "type", binds: undefined };
  const binding = /^type:([A-Z])$/.exec(text);
  if (binding) return { kind: "type", binds: binding[1]! };
  const variable = /^([A-Z])$|^Ptr\(([A-Z])\)$/.exec(text);
  if (variable) return { kind: "var", name: (variable[1] ?? variable[2])!, pointer: variable[2] !== undefined };
  const names = text.split("|");
  const unknown = names.find((n) => !PRIMITIVES.some((p) => p.name === n));
  if (unknown !== undefined) throw new Error(`internal error: LL operation table: ${where}: '${unknown}' is no LL type or place`);
  return { kind: "types", names };
}

/**
 * The type a `field` or `item` place stands for, given what operand 0 points to and the `name`
 * operand (undefined when the operation has none); or why there is none.
 */
export function memberType(kind: "field" | "item" | "itemfield", pointee: LLType, name: string | undefined): { type: LLType } | { problem: string } {
  if (kind === "itemfield") {
    // A field of an array's inline item struct: a place of its own, so that getfield on an
    // array (or getitemfield on a struct) stays an error.
    if (name === undefined) return { problem: "no field is named" };
    const item = inlineItemStruct(pointee);
    if (item === undefined) return { problem: `${typeName(pointee)} is not an array of inline structs` };
    if (!item.fields.some((f) => f.name === name)) return { problem: `the items of ${typeName(pointee)} have no field ${name}` };
    return { type: widened(item.field(name).type) };
  }
  let container: LLType = pointee;
  if (name !== undefined) {
    if (!(pointee instanceof StructType)) return { problem: `${typeName(pointee)} is not a struct` };
    if (!hasField(pointee, name)) return { problem: `${typeName(pointee)} has no field ${name}` };
    container = fieldType(pointee, name);
    if (kind === "field") return { type: widened(container) };
  }
  if (kind === "field") return { problem: "no field is named" };
  if (!(container instanceof ArrayType)) return { problem: `${name === undefined ? typeName(container) : `field ${name}`} is not an array` };
  return { type: widened(container.item) };
}

/**
 * The item struct of an array whose items are inline non-GC structs (what getitemfield and
 * setitemfield take), or undefined for any other type.
 */
export function inlineItemStruct(t: LLType): StructType | undefined {
  return t instanceof ArrayType && t.item instanceof StructType && !t.item.gc ? t.item : undefined;
}

function hasField(struct: StructType, name: string): boolean {
  return struct.fields.some((f) => f.name === name || (f.type instanceof StructType && f.type.gc && hasField(f.type, name)));
}

function op(signature: string, flags: string, doc: string): Omit<LLOpInfo, "name"> {
  const [left, result] = signature.split("->").map((s) => s.trim()) as [string, string];
  const written = left === "" ? [] : left.split(/\s+/);
  const last = written[written.length - 1];
  const tail = last === "..." ? "any" : last === "args" ? "args" : undefined;
  const args = tail ? written.slice(0, -1) : written;
  const set = new Set(flags.split(/\s+/).filter(Boolean) as LLOpFlag[]);
  return {
    args,
    variadic: tail !== undefined,
    tail,
    result,
    argPlaces: args.map((a) => parsePlace(a, signature)),
    resultPlace: parsePlace(result, signature),
    pure: set.has("pure"),
    readsMemory: set.has("read"),
    canRaise: set.has("raise"),
    canAllocate: set.has("alloc"),
    sideEffects: set.has("effect"),
    canFail: set.has("fatal"),
    doc,
  };
}

const TABLE = {
  // integers (64-bit two's complement)
  int_add: op("Signed Signed -> Signed", "pure", "a + b, wrapping"),
  int_sub: op("Signed Signed -> Signed", "pure", "a - b, wrapping"),
  int_mul: op("Signed Signed -> Signed", "pure", "a * b, wrapping"),
  int_add_ovf: op("Signed Signed -> Signed", "fatal", "a + b; stops the program if the result leaves the integers JavaScript keeps exact (|x| <= 2^53)"),
  int_sub_ovf: op("Signed Signed -> Signed", "fatal", "a - b, checked like int_add_ovf"),
  int_mul_ovf: op("Signed Signed -> Signed", "fatal", "a * b, checked like int_add_ovf"),
  int_neg_ovf: op("Signed -> Signed", "fatal", "-a, checked (and -0 stops: JavaScript would make it a float)"),
  int_mod: op("Signed Signed -> Signed", "fatal", "a % b with the sign of a (JavaScript's and C's); b = 0 stops the program"),
  int_floordiv: op("Signed Signed -> Signed", "fatal", "a / b truncated toward zero; b = 0 stops the program"),
  int_neg: op("Signed -> Signed", "pure", "-a, wrapping"),
  int_abs: op("Signed -> Signed", "pure", "|a|"),
  int_and: op("Signed Signed -> Signed", "pure", "a & b"),
  int_or: op("Signed Signed -> Signed", "pure", "a | b"),
  int_xor: op("Signed Signed -> Signed", "pure", "a ^ b"),
  int_invert: op("Signed -> Signed", "pure", "~a"),
  int32_lshift: op("Signed Signed -> Signed", "pure", "JavaScript's a << n: the low 32 bits of a shifted left by n (0..31), sign-extended"),
  int_lshift: op("Signed Signed -> Signed", "pure", "a << b (b in 0..63)"),
  int_rshift: op("Signed Signed -> Signed", "pure", "a >> b, arithmetic (b in 0..63)"),
  uint_rshift: op("Signed Signed -> Signed", "pure", "a >>> b on the unsigned 64-bit value (b in 0..63)"),
  int_to_int32: op("Signed -> Signed", "pure", "the low 32 bits, sign-extended (JavaScript's ToInt32 of an integer)"),
  int_to_uint32: op("Signed -> Signed", "pure", "the low 32 bits, zero-extended (ToUint32)"),
  int_lt: op("Signed Signed -> Bool", "pure", "a < b"),
  int_le: op("Signed Signed -> Bool", "pure", "a <= b"),
  int_eq: op("Signed Signed -> Bool", "pure", "a == b"),
  int_ne: op("Signed Signed -> Bool", "pure", "a != b"),
  int_gt: op("Signed Signed -> Bool", "pure", "a > b"),
  int_ge: op("Signed Signed -> Bool", "pure", "a >= b"),
  int_between: op("Signed Signed Signed -> Bool", "pure", "a <= b < c (bounds checks); requires a <= c (backends test it as one unsigned comparison, b - a < c - a)"),

  // floats (IEEE 754 double)
  float_add: op("Float Float -> Float", "pure", "a + b"),
  float_sub: op("Float Float -> Float", "pure", "a - b"),
  float_mul: op("Float Float -> Float", "pure", "a * b"),
  float_truediv: op("Float Float -> Float", "pure", "a / b"),
  float_mod: op("Float Float -> Float", "pure", "a % b as JavaScript computes it (fmod)"),
  float_neg: op("Float -> Float", "pure", "-a"),
  float_abs: op("Float -> Float", "pure", "|a|"),
  float_sqrt: op("Float -> Float", "pure", "the square root of a"),
  float_floor: op("Float -> Float", "pure", "Math.floor(a) as a float"),
  float_ceil: op("Float -> Float", "pure", "Math.ceil(a) as a float"),
  float_trunc: op("Float -> Float", "pure", "Math.trunc(a) as a float"),
  float_sin: op("Float -> Float", "pure", "Math.sin(a)"),
  float_cos: op("Float -> Float", "pure", "Math.cos(a)"),
  float_tan: op("Float -> Float", "pure", "Math.tan(a)"),
  float_atan: op("Float -> Float", "pure", "Math.atan(a)"),
  float_atan2: op("Float Float -> Float", "pure", "Math.atan2(a, b)"),
  float_exp: op("Float -> Float", "pure", "Math.exp(a)"),
  float_log: op("Float -> Float", "pure", "Math.log(a), the natural logarithm"),
  float_log2: op("Float -> Float", "pure", "Math.log2(a)"),
  float_log10: op("Float -> Float", "pure", "Math.log10(a)"),
  float_pow: op("Float Float -> Float", "pure", "Math.pow(a, b): C's pow, except that a base of 1 or -1 with an infinite exponent, and any NaN exponent, give NaN"),
  float_lt: op("Float Float -> Bool", "pure", "a < b (false with NaN)"),
  float_le: op("Float Float -> Bool", "pure", "a <= b"),
  float_eq: op("Float Float -> Bool", "pure", "a == b (NaN is not equal to itself)"),
  float_ne: op("Float Float -> Bool", "pure", "a != b"),
  float_gt: op("Float Float -> Bool", "pure", "a > b"),
  float_ge: op("Float Float -> Bool", "pure", "a >= b"),

  // conversions
  cast_int_to_float: op("Signed -> Float", "pure", "the double nearest to a"),
  cast_float_to_int: op("Float -> Signed", "fatal", "a float that holds an integer, as an integer; stops the program when it does not fit"),
  float_to_int32: op("Float -> Signed", "pure", "JavaScript's ToInt32 of a double (NaN and infinities give 0)"),
  cast_bool_to_int: op("Bool -> Signed", "pure", "0 or 1"),
  cast_char_to_int: op("Char -> Signed", "pure", "the UTF-16 code unit"),
  cast_int_to_char: op("Signed -> Char", "pure", "the low 16 bits as a code unit"),
  bool_not: op("Bool -> Bool", "pure", "!a"),
  bool_and: op("Bool Bool -> Bool", "pure", "a && b (both evaluated)"),
  bool_or: op("Bool Bool -> Bool", "pure", "a || b (both evaluated)"),
  char_eq: op("Char Char -> Bool", "pure", "a == b"),
  char_ne: op("Char Char -> Bool", "pure", "a != b"),
  char_lt: op("Char Char -> Bool", "pure", "a < b"),
  char_le: op("Char Char -> Bool", "pure", "a <= b"),
  char_gt: op("Char Char -> Bool", "pure", "a > b"),
  char_ge: op("Char Char -> Bool", "pure", "a >= b"),

  // memory
  malloc: op("type:T -> Ptr(T)", "alloc", "a new GC struct of the constant type, zero-filled"),
  malloc_varsize: op("type:T Signed -> Ptr(T)", "alloc", "a new GC array (or struct ending in an array) with n items, zero-filled"),
  getfield: op("ptr name -> field", "read", "a field of a struct"),
  setfield: op("ptr name field -> Void", "effect", "stores a field of a struct"),
  getarrayitem: op("ptr Signed -> item", "read", "item i of an array (the bounds are checked by a separate operation)"),
  setarrayitem: op("ptr Signed item -> Void", "effect", "stores item i of an array"),
  getitemfield: op("ptr Signed name -> itemfield", "read", "a field of item i of an array of inline non-GC structs (GcArray(Struct(...))); the bounds are checked by a separate operation"),
  setitemfield: op("ptr Signed name itemfield -> Void", "effect", "stores a field of item i of an array of inline non-GC structs"),
  getarraylength: op("ptr -> Signed", "read", "the length of an array"),
  getinteriorfield: op("ptr name Signed -> item", "read", "item i of the variable-sized array field of a struct"),
  setinteriorfield: op("ptr name Signed item -> Void", "effect", "stores item i of the array field of a struct"),
  getinteriorarraysize: op("ptr name -> Signed", "read", "the length of the array field of a struct"),
  ptr_nonzero: op("ptr -> Bool", "pure", "the pointer is not null"),
  ptr_iszero: op("ptr -> Bool", "pure", "the pointer is null"),
  ptr_eq: op("ptr ptr -> Bool", "pure", "the same object"),
  ptr_ne: op("ptr ptr -> Bool", "pure", "not the same object"),
  cast_pointer: op("type:T ptr -> T", "pure", "the same object seen through the constant pointer type (to a subclass or base instance)"),
  identityhash: op("ptr -> Signed", "pure", "a hash of the object's identity (Map and Set keys compared by identity); the LL interpreter gives its address, a moving GC must keep the value stable for the object's life"),

  // calls
  direct_call: op("fn args -> result", "raise alloc effect fatal", "calls a known function; the flags are refined per callee"),
  indirect_call: op("fnptr args -> result", "raise alloc effect fatal", "calls a function pointer"),

  // raw memory, for system code (the GC, the JIT runtime)
  raw_load: op("type:T Address Signed -> T", "read", "reads a value of the constant type at address + offset (a storage type widened, as a variable holds it)"),
  raw_store: op("type:T Address Signed T -> Void", "effect", "writes a value of the constant type at address + offset (narrowed to a storage type)"),
  adr_add: op("Address Signed -> Address", "pure", "address + bytes"),
  adr_sub: op("Address Address -> Signed", "pure", "the distance between two addresses"),
  cast_ptr_to_adr: op("ptr -> Address", "pure", "the address of an object"),
  cast_adr_to_int: op("Address -> Signed", "pure", "the address as an integer (system code computes with addresses as numbers)"),
  cast_int_to_adr: op("Signed -> Address", "pure", "an integer as an address"),
  cast_adr_to_ptr: op("type:T Address -> Ptr(T)", "pure", "the object at an address, as a pointer to the constant type"),
  raw_memcopy: op("Address Address Signed -> Void", "effect", "copies n bytes from the second address to the first (the ranges do not overlap)"),
  raw_memclear: op("Address Signed -> Void", "effect", "fills n bytes at the address with zeros"),

  // the garbage collector's contract with the machine code (src/runtime/gc/layout.ts, src/runtime/gc/README.md)
  gc_shared: op(" -> Address", "pure", "the address of the block of words the collector shares with the machine code (nursery bump pointer and top, shadow stack, type table, envp)"),
  gc_push_roots: op("Signed -> Void", "effect", "reserves n zeroed slots on the shadow stack for this call of the function (the constant n)"),
  gc_pop_roots: op("Signed -> Void", "effect", "releases the n slots gc_push_roots reserved"),
  gc_save_root: op("Signed ptr -> Void", "effect", "stores a GC pointer in the shadow stack slot at the constant byte offset from the top (negative)"),
  gc_restore_root: op("Signed -> ptr", "", "the GC pointer in the slot at the constant offset, as the collector may have moved it"),
  gc_reload_root: op("Signed ptr -> ptr", "", "right after an allocation (malloc, malloc_varsize): the GC pointer in the slot at the constant offset, as the collector may have moved it; the second operand is the pointer as it was saved, which a backend may keep instead when the allocation took its fast path and collected nothing (and then leave the saves before the allocation to its slow path)"),
  gc_write_barrier: op("ptr -> Void", "effect", "before a GC pointer is stored into the object: when the object is old and not yet remembered, remembers it"),
  gc_write_barrier_array: op("ptr Signed -> Void", "effect", "before a GC pointer is stored into item i of the array: remembers the array, or marks the card of item i"),

  // safety checks: each stops the program with a message naming its TypeScript position
  check_nonnull: op("ptr -> Void", "fatal", "stops the program when the pointer is null (a value asserted or proven not null)"),
  check_defined: op("Signed -> Void", "fatal", "stops the program when an int, bool or char asserted not null holds undefined or null"),
  check_index: op("Signed Signed -> Void", "fatal", "stops the program unless 0 <= index < length"),

  // bits of doubles (rts.floatHighWord and friends)
  float_high_word: op("Float -> Signed", "pure", "the high 32 bits of the double, as an unsigned integer"),
  float_low_word: op("Float -> Signed", "pure", "the low 32 bits of the double, as an unsigned integer"),
  float_from_words: op("Signed Signed -> Float", "pure", "the double of the given high and low 32 bits"),

  // the system ("rts/system"): each a Linux system call in translated programs
  os_write: op("Signed ptr Signed Signed -> Signed", "effect", "write(fd, bytes + start, length) of a Uint8Array; the count or -errno"),
  os_read: op("Signed ptr Signed Signed -> Signed", "effect", "read(fd, bytes + start, length) into a Uint8Array; the count or -errno"),
  os_open_read: op("ptr -> Signed", "effect", "open(path, O_RDONLY) of the 0-terminated bytes of a Uint8Array; the fd or -errno"),
  os_close: op("Signed -> Signed", "effect", "close(fd); 0 or -errno"),
  os_exit: op("Signed -> Void", "effect", "exit_group(status): ends the process"),
  os_clock: op("Signed -> Float", "effect", "clock_gettime in seconds of the clock a (Linux's id: 0 CLOCK_REALTIME, 1 CLOCK_MONOTONIC, 2 CLOCK_PROCESS_CPUTIME_ID)"),
  os_mmap: op("Signed -> Address", "effect", "mmap(NULL, n, read|write, private|anonymous|noreserve): zero-filled pages; the address, or -errno"),
  os_munmap: op("Address Signed -> Signed", "effect", "munmap(address, n); 0 or -errno"),
  os_write_raw: op("Signed Address Signed -> Signed", "effect", "write(fd, address, length) from raw memory; the count or -errno"),
  os_create: op("Address -> Signed", "effect", "open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644) of the NUL-terminated bytes at the address; the fd or -errno"),
  os_mprotect: op("Address Signed Signed -> Signed", "effect", "mprotect(address, n, prot): the pages' protection (PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4: code memory is made read+execute once written); 0 or -errno"),

  // machine code (the JIT's): calls under the internal calling convention (src/lib/system.ts callMachineCode)
  call_machine_code: op("Signed ... -> Signed", "raise alloc effect fatal", "calls the machine code at the address with the Signed operands that follow, under the internal calling convention (the first 6 in the integer argument registers, the rest on the stack); the integer result. The code may call the program's functions: it may allocate and raise as any call. Only in a translated binary: the LL interpreter stops"),
  call_machine_code_by_kind: op("Signed ptr Signed ptr Signed -> Signed|Float", "raise alloc effect fatal", "calls the machine code at the address with the first n items of a GC array of Signed in the integer argument registers and the first m items of a GC array of Float in the float ones (address, ints, n, floats, m; n <= 6 and m <= 8, a fatal error otherwise), under the internal calling convention; the result in the integer or float result register as the operation's type says (RPython's bh_call_i/bh_call_f). Only in a translated binary"),

  // control and debugging
  same_as: op("T -> T", "pure", "a copy of the value"),
  debug_fatal: op("Void -> Void", "effect", "stops the program with the constant message (it names the TypeScript position)"),
  stack_trace: op("ptr -> Void", "effect", "fills the array of Int32 (GC or raw) with the sites of the running calls, innermost first, where this operation is the first; 0 ends a shorter trace (stack-trace.ts)"),
  stack_check: op("fn -> Void", "raise", "calls the constant function (the runtime's stackOverflow, which raises RangeError) when the native stack is about to overflow (stackcheck.ts)"),
  jit_promote: op("T -> T", "pure", "rts.promote(x): x, which the JIT makes a constant of the trace (guarding on it)"),
  // JIT hints (src/lib/jitdriver.ts, hints.ts): the codewriter reads them; ahead-of-time code
  // ignores the markers. Flagged effect so that no optimisation removes or moves them.
  jit_merge_point: op("name Signed ... -> Void", "effect", "driver.jitMergePoint({...}), the top of the interpreter's dispatch loop: the driver's name, the constant count of its greens, then the greens and the reds in the driver's declared order (every variable live across it is one of them)"),
  can_enter_jit: op("name Signed ... -> Void", "effect", "driver.canEnterJit({...}), a backward jump of the user program: the driver's name, the constant count of its greens, then the greens and the reds in the driver's declared order"),
  jit_set_param: op("Signed Signed -> Void", "effect", "driver.setParam(name, value), RPython's set_param: sets the JIT's parameter of the constant index (src/lib/jit-params.ts JIT_PARAMETERS; the parameters are the whole JIT's, not the driver's) to the value (enable_opts: the optimizer's pass mask). A no-op in ahead-of-time code, which runs without a JIT whose parameters there would be to set (the JIT's runtime in the binary, issue 16 part 2, gives it a setter), and in the LL interpreter without the JIT (LLInterpreter.jitSetParam; `rts run --llinterp --jit` sets the running JIT's); in jitcodes a residual call of its one-operation helper, as RPython's warmspot turns set_param into a call of the warm state's setter"),
  jit_force_quasi_immutable: op("ptr name -> Void", "effect", "before each setfield of a quasi-immutable field (a class's immutableFields name with `?`; RPython's jit_force_quasi_immutable): the compiled loops and bridges that assumed the field of this object keep its value are invalidated. A no-op ahead of time and in the LL interpreter without the JIT (LLInterpreter.jitForceQuasiImmutable; `rts run --llinterp --jit` invalidates them); in jitcodes a residual call of its one-operation helper"),
  // The portal's merge point as the JIT's entry (src/jit/merge-point.ts rewrites the portal's
  // jit_merge_point into them, with --jit only; docs/architecture.md "The JIT's entry: the merge
  // point"). The first operand is the portal's index, a constant (src/runtime/jit/jit-entry.ts
  // JitRuntime.addPortal's); ahead-of-time code without the JIT never holds them.
  jit_maybe_compile_and_run: op("Signed ... -> Signed", "alloc effect fatal", "the portal's merge point reached after a can_enter_jit, with its greens and reds (the portal's arguments, in order): the JIT ticks the key's counter, maybe traces or runs compiled code (RPython's maybe_compile_and_run); the status says how to go on: 0 continue with the same values, 4 restart at the merge point with jit_portal_arg's values, 1 return jit_portal_result, 2 raise jit_portal_exception, 3 jit_portal_fatal (WarmRunner MCR_*)"),
  jit_portal_arg: op("Signed Signed -> any", "read", "after status 4 (restart) of jit_maybe_compile_and_run: the portal's argument at the constant position (greens then reds), as the JIT left it at the merge point"),
  jit_portal_result: op("Signed -> any", "read", "after status 1 (done): the value the portal returned under the JIT"),
  jit_portal_exception: op("Signed -> ptr", "read", "after status 2 (exception): the exception that left the portal under the JIT"),
  jit_portal_fatal: op("Signed -> Void", "effect fatal", "after status 3 (fatal): stops the program with the failed check's message and position, as the portal's own code would have"),
  jit_we_are_jitted: op("-> Bool", "read", "rts.weAreJitted(): false in ahead-of-time code (the LL interpreter, the backends), true in jitcodes; backendopt's constfold folds it to false (it runs after the codewriter has taken its graphs: src/rtyper/opt/README.md). Flagged read, not pure: its value depends on where the code runs, not on operands"),
} satisfies Record<string, Omit<LLOpInfo, "name">>;

/** The name of an LL operation: a misspelled name does not compile. */
export type LLOpName = keyof typeof TABLE;

/** An operation a consumer does not handle, with the reason (which its error message gives, should one reach it). */
export interface LLOpRefusal {
  readonly refused: string;
}

/**
 * What a consumer of LL graphs (the LL interpreter, each backend, later the JIT's codewriter)
 * does with every operation of the table: a handler, or a refusal that says why. Written as a
 * record over LLOpName, so that an operation added to the table fails to compile until each
 * consumer decides; tests/llir/lloperation-consumers.test.ts walks the table at run time.
 * Handlers are functions, so `typeof h === "function"` tells them from refusals.
 */
export type LLOpHandlers<Handler> = { readonly [K in LLOpName]: Handler | LLOpRefusal };

/** The operations a consumer neither handles nor refuses (empty for a complete consumer; a record typed LLOpHandlers is always complete, this checks one built otherwise). */
export function undecidedOperations(handlers: Readonly<Record<string, unknown>>, table: Readonly<Record<string, unknown>> = LL_OPS): string[] {
  return Object.keys(table).filter((name) => {
    const h = handlers[name];
    return typeof h !== "function" && !(typeof h === "object" && h !== null && typeof (h as LLOpRefusal).refused === "string" && (h as LLOpRefusal).refused !== "");
  });
}

/** The six comparisons, as the flow graph's operations name them. */
export type LLComparison = "lt" | "le" | "eq" | "ne" | "gt" | "ge";

/**
 * The comparison operations by operand kind, for lowerings that choose the kind and the
 * comparison separately (instead of building the name from pieces, which the compiler could not
 * check). Pointers compare only for identity.
 */
export const LL_COMPARISONS: { readonly [K in "int" | "float" | "char"]: Readonly<Record<LLComparison, LLOpName>> } & { readonly ptr: Readonly<Record<"eq" | "ne", LLOpName>> } = {
  int: { lt: "int_lt", le: "int_le", eq: "int_eq", ne: "int_ne", gt: "int_gt", ge: "int_ge" },
  float: { lt: "float_lt", le: "float_le", eq: "float_eq", ne: "float_ne", gt: "float_gt", ge: "float_ge" },
  char: { lt: "char_lt", le: "char_le", eq: "char_eq", ne: "char_ne", gt: "char_gt", ge: "char_ge" },
  ptr: { eq: "ptr_eq", ne: "ptr_ne" },
};

export const LL_OPS: Readonly<Record<LLOpName, LLOpInfo>> = Object.fromEntries(
  Object.entries(TABLE).map(([name, info]) => [name, { name, ...info }]),
) as Record<LLOpName, LLOpInfo>;

/** Whether name is an operation of the table (for text read from outside: the LL parser). */
export function isLLOpName(name: string): name is LLOpName {
  return Object.hasOwn(LL_OPS, name);
}

export function llOpInfo(name: string): LLOpInfo {
  const info = (LL_OPS as Record<string, LLOpInfo>)[name];
  if (!info) throw new Error(`internal error: unknown LL operation '${name}'`);
  return info;
}
