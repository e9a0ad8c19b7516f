/**
 * The LL interpreter (RPython's llinterp.py): runs LL graphs on Node, so that lowering (and
 * later the GC, on the same memory) is tested without machine code.
 *
 * Memory is one flat, growable byte array with every object laid out as computeLayout says:
 * the GC header (a 32-bit type id, 32 bits of flags), then the fields and items. Pointers and
 * addresses are byte offsets into it (0 is null). Prebuilt objects are written into memory the
 * first time a graph uses them. Allocation bumps a pointer until the GC lands.
 *
 * Values: Signed, Unsigned, Float, Char, Address and pointers are JavaScript numbers, Bool a
 * boolean, Void undefined; a function pointer is a number indexing the table of functions. An
 * integer operation whose exact result leaves the safe range (±2^53) stops the interpreter with
 * an internal error instead of losing bits silently (RTS integers never get there: the _ovf
 * operations stop the program first).
 */

import { SYSTEM_OPS } from "./llinterp-system.js";
import { MATH_OPS } from "./llinterp-math.js";
import { GC_OPS } from "./llinterp-gc.js";
import { NULL_OBJECT, NULL_WORD, UNDEFINED_WORD } from "./object-model.js";
import type { LLOpHandlers } from "./lloperation.js";
import { PrebuiltImage } from "./prebuilt-image.js";
import type { SourcePos } from "./llgraph.js";
import {
  LLConstant,
  LLGraph,
  LLVariable,
  LL_CATCH,
  LL_DEFAULT,
  LL_LAST_EXCEPTION,
  type LLBlock,
  type LLFunctionRef,
  type LLPos,
  type LLPrebuilt,
  type LLValue,
} from "./llgraph.js";
import {
  ArrayType,
  Bool,
  Char,
  Float,
  Float32,
  FuncType,
  Int16,
  Int32,
  Int8,
  PrimitiveType,
  PtrType,
  StructType,
  Uint16,
  Uint32,
  Uint8,
  Void,
  computeLayout,
  fieldType,
  findNested,
  itemFieldLayout,
  sizeOf,
  type ItemFieldLayout,
  type LLType,
} from "./lltype.js";

export type LLRuntimeValue = number | boolean | undefined;

/** The program stopped with a fatal error (a failed safety check): the message names the place. */
export class LLFatalError extends Error {
  readonly pos: SourcePos | undefined;
  /** The sites of the calls it stopped, innermost first: each call the error leaves adds its own (stack-trace.ts). */
  readonly sites: LLSite[];
  /** The message without the position `message` starts with. */
  readonly bareMessage: string;
  constructor(message: string, pos: SourcePos | undefined, sites: LLSite[] = []) {
    super(pos ? `${pos.file}:${pos.line}:${pos.column}: ${message}` : message);
    this.pos = pos;
    this.sites = sites;
    this.bareMessage = message;
  }
}

/** Where a running call of the LL interpreter is: the operation at pos of graph. */
export interface LLSite {
  readonly graph: LLGraph;
  readonly pos: LLPos | undefined;
}

/** An exception raised by the program, travelling up the LL call stack: the exception object's address. */
export class LLException extends Error {
  readonly value: number;
  constructor(value: number) {
    super("an exception of the program");
    this.value = value;
  }
}

const TWO_53 = 2 ** 53;

function exact(n: number, what: string): number {
  if (!Number.isSafeInteger(n) && n !== UNDEFINED_WORD && n !== NULL_WORD) throw new Error(`internal error: the LL interpreter cannot hold ${what} exactly`);
  return n;
}

/** The byte array that holds every object. */
export class LLMemory {
  private buffer = new ArrayBuffer(1 << 16);
  private view = new DataView(this.buffer);
  /** Addresses below this are never allocated: 0 is null, small values are sentinels. */
  private top = 64;
  private readonly typeIds = new Map<StructType | ArrayType, number>();
  readonly typesById: (StructType | ArrayType)[] = [];

  typeId(type: StructType | ArrayType): number {
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.typesById.length + 1;
      this.typesById.push(type);
      this.typeIds.set(type, id);
    }
    return id;
  }

  /** A zero-filled container of the type, with n items if it is variable-sized. */
  allocate(type: StructType | ArrayType, n = 0): number {
    const size = sizeOf(type, n);
    const address = this.top;
    this.reserve(address + size);
    this.top = address + size;
    new Uint8Array(this.buffer, address, size).fill(0);
    if (type.gc) this.view.setUint32(address, this.typeId(type), true);
    const layout = computeLayout(type);
    if (layout.lengthOffset !== undefined) this.storeWord(address + layout.lengthOffset, n);
    return address;
  }

  /** Zero-filled, page-aligned raw memory (what os_mmap gives system code): never reused. */
  mapRaw(length: number): number {
    const address = Math.ceil(this.top / 4096) * 4096;
    const size = Math.ceil(length / 4096) * 4096;
    // Past top nothing was ever written (reserve keeps it zero): no fill, so that a big mapping
    // (the native entry's 1 GB shadow stack) costs no more than the pages the program touches.
    this.reserve(address + size);
    this.top = address + size;
    return address;
  }

  /** Unmapped raw memory is poisoned, so that a later use of it shows. */
  unmapRaw(address: number, length: number): void {
    new Uint8Array(this.buffer, address, Math.ceil(length / 4096) * 4096).fill(0xdd);
  }

  copy(target: number, source: number, length: number): void {
    new Uint8Array(this.buffer).copyWithin(target, source, source + length);
  }

  clear(address: number, length: number): void {
    new Uint8Array(this.buffer, address, length).fill(0);
  }

  private reserve(end: number): void {
    if (end <= this.buffer.byteLength) return;
    let size = this.buffer.byteLength;
    while (size < end) size *= 2;
    // A new ArrayBuffer is zero-filled (pages the OS gives on first touch); only what lies below top is copied.
    const grown = new ArrayBuffer(size);
    new Uint8Array(grown).set(new Uint8Array(this.buffer, 0, this.top));
    this.buffer = grown;
    this.view = new DataView(grown);
  }

  /** A copy of length bytes at address. */
  bytes(address: number, length: number): Uint8Array {
    return new Uint8Array(this.buffer.slice(address, address + length));
  }

  setBytes(address: number, bytes: Uint8Array): void {
    new Uint8Array(this.buffer, address, bytes.length).set(bytes);
  }

  loadWord(address: number): number {
    return Number(this.view.getBigInt64(address, true));
  }

  storeWord(address: number, value: number): void {
    this.view.setBigInt64(address, BigInt(exact(value, `the word ${value}`)), true);
  }

  load(type: LLType, address: number): LLRuntimeValue {
    const v = this.view;
    switch (type) {
      case Void:
        return undefined;
      case Bool:
        return v.getUint8(address) !== 0;
      case Char:
      case Uint16:
        return v.getUint16(address, true);
      case Float:
        return v.getFloat64(address, true);
      case Int8:
        return v.getInt8(address);
      case Uint8:
        return v.getUint8(address);
      case Int16:
        return v.getInt16(address, true);
      case Int32:
        return v.getInt32(address, true);
      case Uint32:
        return v.getUint32(address, true);
      case Float32:
        return v.getFloat32(address, true);
      default:
        return this.loadWord(address);
    }
  }

  /** Stores value; the small storage types keep its low bits, as JavaScript's typed arrays do. */
  store(type: LLType, address: number, value: LLRuntimeValue): void {
    const v = this.view;
    const n = value as number;
    switch (type) {
      case Void:
        return;
      case Bool:
        return v.setUint8(address, value ? 1 : 0);
      case Char:
      case Uint16:
      case Int16:
        return v.setUint16(address, n & 0xffff, true);
      case Float:
        return v.setFloat64(address, n, true);
      case Int8:
      case Uint8:
        return v.setUint8(address, n & 0xff);
      case Int32:
      case Uint32:
        return v.setUint32(address, n >>> 0, true);
      case Float32:
        return v.setFloat32(address, n, true);
      default:
        return this.storeWord(address, n);
    }
  }

  typeOf(address: number): StructType | ArrayType {
    return this.typesById[this.view.getUint32(address, true) - 1]!;
  }

  get allocatedBytes(): number {
    return this.top;
  }
}

/** An operation: its operands' runtime values, the operands themselves (for types and constant names), its position. */
export type OpImpl = (interp: LLInterpreter, args: LLRuntimeValue[], operands: readonly LLValue[], pos: SourcePos | undefined) => LLRuntimeValue;

const num = (v: LLRuntimeValue) => v as number;

function checked(pos: SourcePos | undefined, value: number): number {
  if (Math.abs(value) > TWO_53 || !Number.isFinite(value)) {
    throw new LLFatalError("integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)", pos);
  }
  return value;
}

/** Exact 64-bit wrapping arithmetic, for the operations that wrap. */
function wrap(value: bigint): number {
  return exact(Number(BigInt.asIntN(64, value)), "a 64-bit result");
}

const toInt32 = (n: number) => Number(BigInt.asIntN(32, BigInt(n)));

/** Every operation of the table (lloperation.ts): the interpreter handles them all. */
export const LLINTERP_OPERATIONS: LLOpHandlers<OpImpl> = {
  ...SYSTEM_OPS,
  ...MATH_OPS,
  ...GC_OPS,
  int_add: (_, [a, b]) => wrap(BigInt(num(a)) + BigInt(num(b))),
  int_sub: (_, [a, b]) => wrap(BigInt(num(a)) - BigInt(num(b))),
  int_mul: (_, [a, b]) => wrap(BigInt(num(a)) * BigInt(num(b))),
  int_add_ovf: (_, [a, b], __, pos) => checked(pos, num(a) + num(b)),
  int_sub_ovf: (_, [a, b], __, pos) => checked(pos, num(a) - num(b)),
  int_mul_ovf: (_, [a, b], __, pos) => checked(pos, num(a) * num(b)),
  int_neg_ovf: (_, [a], __, pos) => checked(pos, -num(a)),
  int_mod: (_, [a, b], __, pos) => {
    if (num(b) === 0) throw new LLFatalError("integer modulo by zero", pos);
    return num(a) % num(b);
  },
  int_floordiv: (_, [a, b], __, pos) => {
    if (num(b) === 0) throw new LLFatalError("integer division by zero", pos);
    return Math.trunc(num(a) / num(b));
  },
  int_neg: (_, [a]) => wrap(-BigInt(num(a))),
  int_abs: (_, [a]) => Math.abs(num(a)),
  int_and: (_, [a, b]) => wrap(BigInt(num(a)) & BigInt(num(b))),
  int_or: (_, [a, b]) => wrap(BigInt(num(a)) | BigInt(num(b))),
  int_xor: (_, [a, b]) => wrap(BigInt(num(a)) ^ BigInt(num(b))),
  int_invert: (_, [a]) => wrap(~BigInt(num(a))),
  int32_lshift: (_, [a, b]) => toInt32(Number(BigInt.asIntN(32, BigInt(num(a)) << BigInt(num(b))))),
  int_lshift: (_, [a, b]) => wrap(BigInt(num(a)) << BigInt(num(b))),
  int_rshift: (_, [a, b]) => wrap(BigInt(num(a)) >> BigInt(num(b))),
  uint_rshift: (_, [a, b]) => wrap(BigInt.asUintN(64, BigInt(num(a))) >> BigInt(num(b))),
  int_to_int32: (_, [a]) => toInt32(num(a)),
  int_to_uint32: (_, [a]) => Number(BigInt.asUintN(32, BigInt(num(a)))),
  int_lt: (_, [a, b]) => num(a) < num(b),
  int_le: (_, [a, b]) => num(a) <= num(b),
  int_eq: (_, [a, b]) => num(a) === num(b),
  int_ne: (_, [a, b]) => num(a) !== num(b),
  int_gt: (_, [a, b]) => num(a) > num(b),
  int_ge: (_, [a, b]) => num(a) >= num(b),
  int_between: (_, [a, b, c]) => {
    if (num(a) > num(c)) throw new Error("internal error: int_between with a lower bound above its upper bound (the table requires a <= c)");
    return num(a) <= num(b) && num(b) < num(c);
  },
  float_add: (_, [a, b]) => num(a) + num(b),
  float_sub: (_, [a, b]) => num(a) - num(b),
  float_mul: (_, [a, b]) => num(a) * num(b),
  float_truediv: (_, [a, b]) => num(a) / num(b),
  float_mod: (_, [a, b]) => num(a) % num(b),
  float_neg: (_, [a]) => -num(a),
  float_abs: (_, [a]) => Math.abs(num(a)),
  float_sqrt: (_, [a]) => Math.sqrt(num(a)),
  float_floor: (_, [a]) => Math.floor(num(a)),
  float_ceil: (_, [a]) => Math.ceil(num(a)),
  float_trunc: (_, [a]) => Math.trunc(num(a)),
  float_lt: (_, [a, b]) => num(a) < num(b),
  float_le: (_, [a, b]) => num(a) <= num(b),
  float_eq: (_, [a, b]) => num(a) === num(b),
  float_ne: (_, [a, b]) => num(a) !== num(b),
  float_gt: (_, [a, b]) => num(a) > num(b),
  float_ge: (_, [a, b]) => num(a) >= num(b),
  cast_int_to_float: (_, [a]) => num(a),
  cast_float_to_int: (_, [a], __, pos) => {
    const x = num(a);
    if (!Number.isInteger(x) || Math.abs(x) > TWO_53) throw new LLFatalError(`the number ${x} is not an integer the program can hold`, pos);
    return x === 0 ? 0 : x;
  },
  float_to_int32: (_, [a]) => (Number.isFinite(num(a)) ? toInt32(Math.trunc(num(a))) : 0),
  cast_bool_to_int: (_, [a]) => (a ? 1 : 0),
  cast_char_to_int: (_, [a]) => num(a),
  cast_int_to_char: (_, [a]) => num(a) & 0xffff,
  bool_not: (_, [a]) => !a,
  bool_and: (_, [a, b]) => Boolean(a) && Boolean(b),
  bool_or: (_, [a, b]) => Boolean(a) || Boolean(b),
  char_eq: (_, [a, b]) => a === b,
  char_ne: (_, [a, b]) => a !== b,
  char_lt: (_, [a, b]) => num(a) < num(b),
  char_le: (_, [a, b]) => num(a) <= num(b),
  char_gt: (_, [a, b]) => num(a) > num(b),
  char_ge: (_, [a, b]) => num(a) >= num(b),
  same_as: (_, [a]) => a,
  ptr_nonzero: (_, [a]) => a !== 0,
  ptr_iszero: (_, [a]) => a === 0,
  ptr_eq: (_, [a, b]) => a === b,
  ptr_ne: (_, [a, b]) => a !== b,
  cast_pointer: (_, [, p]) => p,
  identityhash: (_, [p]) => p,
  check_defined: (_, [v], __, pos) => {
    if (v === UNDEFINED_WORD || v === NULL_WORD) throw new LLFatalError("null or undefined where a value was expected", pos);
    return undefined;
  },
  check_nonnull: (interp, [p], __, pos) => {
    if (p === 0 || p === interp.nullAddress) throw new LLFatalError("null or undefined where a value was expected", pos);
    return undefined;
  },
  check_index: (_, [i, n], __, pos) => {
    if (num(i) < 0 || num(i) >= num(n)) throw new LLFatalError(`index ${num(i)} out of bounds (length ${num(n)})`, pos);
    return undefined;
  },
  debug_fatal: (_, __, consts, pos) => {
    throw new LLFatalError(String((consts[0] as LLConstant).value), pos);
  },
  jit_merge_point: () => undefined,
  can_enter_jit: () => undefined,
  // Ahead-of-time code: the LL interpreter runs the graphs as the backends do (jitcodes say true).
  jit_we_are_jitted: () => false,
  // the interpreter's JIT, if it runs one (src/translator/jit-llinterp.ts), has its parameters set
  jit_set_param: (interp, [index, value]) => interp.jitSetParam(num(index), num(value)),
  // the interpreter's JIT, if it runs one, invalidates what assumed the field
  jit_force_quasi_immutable: (interp, [p], consts, pos) => interp.jitForceQuasiImmutable(num(p), consts[0]!, consts[1]!, pos),
  jit_promote: (_, [a]) => a,
  // the portal's merge point as the JIT's entry (src/jit/merge-point.ts): the interpreter's JIT
  // runs them (src/translator/jit-llinterp.ts); an interpreter without one refuses them
  jit_maybe_compile_and_run: (interp, [portal, ...values]) => interp.jitMaybeCompileAndRun(num(portal), values),
  jit_portal_arg: (interp, [portal, position]) => interp.jitPortalArg(num(portal), num(position)),
  jit_portal_result: (interp, [portal]) => interp.jitPortalResult(num(portal)),
  jit_portal_exception: (interp, [portal]) => interp.jitPortalException(num(portal)),
  jit_portal_fatal: (interp, [portal]) => interp.jitPortalFatal(num(portal)),
  malloc: (interp, _, consts) => interp.memory.allocate(typeConst(consts[0]!) as StructType),
  malloc_varsize: (interp, [, n], consts) => interp.memory.allocate(typeConst(consts[0]!) as StructType | ArrayType, num(n)),
  getfield: (interp, [p], consts, pos) => {
    const { type, offset } = interp.field(num(p), consts[0]!, consts[1]!, pos);
    return interp.memory.load(type, num(p) + offset);
  },
  setfield: (interp, [p, , value], consts, pos) => {
    const { type, offset } = interp.field(num(p), consts[0]!, consts[1]!, pos);
    interp.memory.store(type, num(p) + offset, value);
    return undefined;
  },
  getarraylength: (interp, [p], consts, pos) => interp.memory.loadWord(num(interp.nonNull(p, pos)) + computeLayout(interp.arrayType(consts[0]!)).lengthOffset!),
  getarrayitem: (interp, [p, i], consts, pos) => {
    const type = interp.arrayType(consts[0]!);
    const layout = computeLayout(type);
    return interp.memory.load(type.item, num(interp.nonNull(p, pos)) + layout.itemsOffset! + num(i) * layout.itemSize!);
  },
  setarrayitem: (interp, [p, i, value], consts, pos) => {
    const type = interp.arrayType(consts[0]!);
    const layout = computeLayout(type);
    interp.memory.store(type.item, num(interp.nonNull(p, pos)) + layout.itemsOffset! + num(i) * layout.itemSize!, value);
    return undefined;
  },
  // A field of item i of an array of inline structs: an array item of its own (lltype.ts itemFieldLayout).
  getitemfield: (interp, [p, i], operands, pos) => {
    const { type, itemsOffset, itemSize } = interp.itemField(operands[0]!, operands[2]!);
    return interp.memory.load(type, num(interp.nonNull(p, pos)) + itemsOffset + num(i) * itemSize);
  },
  setitemfield: (interp, [p, i, , value], operands, pos) => {
    const { type, itemsOffset, itemSize } = interp.itemField(operands[0]!, operands[2]!);
    interp.memory.store(type, num(interp.nonNull(p, pos)) + itemsOffset + num(i) * itemSize, value);
    return undefined;
  },
  getinteriorarraysize: (interp, [p], _, pos) => interp.memory.loadWord(num(interp.nonNull(p, pos)) + interp.interior(_[0]!).lengthOffset),
  getinteriorfield: (interp, [p, , i], operands, pos) => {
    const { item, itemsOffset, itemSize } = interp.interior(operands[0]!);
    return interp.memory.load(item, num(interp.nonNull(p, pos)) + itemsOffset + num(i) * itemSize);
  },
  setinteriorfield: (interp, [p, , i, value], operands, pos) => {
    const { item, itemsOffset, itemSize } = interp.interior(operands[0]!);
    interp.memory.store(item, num(interp.nonNull(p, pos)) + itemsOffset + num(i) * itemSize, value);
    return undefined;
  },
  direct_call: (interp, [, ...args], consts) => interp.callRef(consts[0] as LLConstant, args),
  stack_trace: (interp, [array], operands) => interp.captureTrace(num(array), operands[0]!),
  stack_check: (interp, [handler]) => (interp.callDepth > interp.maxCallDepth ? interp.callIndex(num(handler), []) : undefined),
  raw_load: (interp, [, address, offset], operands) => interp.memory.load(typeConst(operands[0]!), num(address) + num(offset)),
  raw_store: (interp, [, address, offset, value], operands) => {
    interp.memory.store(typeConst(operands[0]!), num(address) + num(offset), value);
    return undefined;
  },
  raw_memcopy: (interp, [target, source, length]) => {
    interp.memory.copy(num(target), num(source), num(length));
    return undefined;
  },
  raw_memclear: (interp, [address, length]) => {
    interp.memory.clear(num(address), num(length));
    return undefined;
  },
  // Pointers and addresses are both byte offsets into the one memory: the casts keep the number.
  adr_add: (_, [a, n]) => num(a) + num(n),
  adr_sub: (_, [a, b]) => num(a) - num(b),
  cast_ptr_to_adr: (_, [p]) => p,
  cast_adr_to_ptr: (_, [, a]) => a,
  cast_adr_to_int: (_, [a]) => a,
  cast_int_to_adr: (_, [a]) => a,
  indirect_call: (interp, [fn, ...args]) => interp.callIndex(num(fn), args),
};

function typeConst(c: LLValue): LLType {
  return (c as LLConstant).value as LLType;
}

const NO_SWITCH = -1;
const ON_EXCEPTION = -2;
const RETURN = "return" as const;
const RAISE = "raise" as const;

interface CompiledOp {
  impl: OpImpl;
  args: number[];
  operands: readonly LLValue[];
  pos: LLPos | undefined;
  result: number;
}

interface CompiledLink {
  target: CompiledBlock | typeof RETURN | typeof RAISE;
  args: number[];
  /** The slot of the caught exception's variable, or -1. */
  caught: number;
}

interface CompiledBlock {
  inputs: number[];
  ops: CompiledOp[];
  switchSlot: number;
  exits: CompiledLink[];
  byCase: Map<LLRuntimeValue | string | number | boolean, CompiledLink>;
  defaultLink: CompiledLink | undefined;
  catchLink: CompiledLink | undefined;
  catches: boolean;
}

interface CompiledGraph {
  start: CompiledBlock;
  /** The frame a call starts from: the constants in place, the variables undefined. */
  template: LLRuntimeValue[];
}

export class LLInterpreter {
  readonly memory = new LLMemory();
  private readonly functions: LLFunctionRef[] = [];
  private readonly functionIndex = new Map<LLFunctionRef, number>();
  /** The collector's shared block and shadow stack in this interpreter's memory, once reserved (llinterp-gc.ts). */
  gcMemory: { readonly shared: number; readonly limit: number } | undefined;

  /** Where the program's writes to standard output and error go; by default this process's own. */
  output: ((fd: number, bytes: Uint8Array) => void) | undefined;
  /**
   * Where the program's reads of standard input come from (at most `length` bytes; an empty
   * array is the end of the input); by default this process's own. Tests run a lowered program
   * many times in one process with an input each.
   */
  input: ((length: number) => Uint8Array) | undefined;

  /** How many LL calls are running; stack_check compares it with maxCallDepth. */
  callDepth = 0;
  /**
   * The depth at which stack_check raises the program's RangeError: below what this interpreter's
   * own JavaScript recursion survives (about 1850 LL calls on Node's default stack; the margin is
   * for the runner above and the non-recursive calls below the deepest check).
   */
  maxCallDepth = 1000;

  /** The graph and the operation of each running call, by depth (for stack traces). */
  private readonly activeGraphs: LLGraph[] = [];
  private readonly activeOps: CompiledOp[] = [];
  /** The sites stack_trace has recorded; a trace holds their numbers, from 1. */
  readonly traceSites: LLSite[] = [];
  private readonly siteNumbers = new Map<CompiledOp, number>();

  /**
   * jit_set_param: RPython's set_param, whose parameters are the whole JIT's. Ahead-of-time code
   * run alone has no JIT whose parameters to set: nothing happens. The interpreter that runs a
   * JIT (src/translator/jit-llinterp.ts) sets them.
   */
  jitSetParam(index: number, value: number): undefined {
    void index;
    void value;
    return undefined;
  }

  /**
   * jit_force_quasi_immutable: the field (name) of the struct at address (operand: the pointer,
   * for its type) is about to be written. Without a JIT nothing assumed it: nothing happens. The
   * interpreter that runs a JIT (src/translator/jit-llinterp.ts) invalidates its loops that did.
   */
  jitForceQuasiImmutable(address: number, operand: LLValue, name: LLValue, pos: SourcePos | undefined): undefined {
    void address;
    void operand;
    void name;
    void pos;
    return undefined;
  }

  /**
   * jit_maybe_compile_and_run and the operations after it (src/jit/merge-point.ts): only a
   * program lowered with the JIT holds them, run by the interpreter that runs its JIT
   * (src/translator/jit-llinterp.ts overrides these). Here they are an error of whoever lowered it.
   */
  jitMaybeCompileAndRun(portal: number, values: LLRuntimeValue[]): number {
    void values;
    return this.withoutJit("jit_maybe_compile_and_run", portal);
  }

  jitPortalArg(portal: number, position: number): LLRuntimeValue {
    void position;
    return this.withoutJit("jit_portal_arg", portal);
  }

  jitPortalResult(portal: number): LLRuntimeValue {
    return this.withoutJit("jit_portal_result", portal);
  }

  jitPortalException(portal: number): number {
    return this.withoutJit("jit_portal_exception", portal);
  }

  jitPortalFatal(portal: number): undefined {
    return this.withoutJit("jit_portal_fatal", portal);
  }

  private withoutJit(opname: string, portal: number): never {
    throw new Error(`internal error: ${opname} of portal ${portal} in an LL interpreter without the JIT (a program with the JIT's entry runs with rts run --llinterp --jit)`);
  }

  /** stack_trace: the sites of the running calls into the Int32 items of the array at address (until its length). */
  captureTrace(address: number, operand: LLValue): undefined {
    const array = this.arrayType(operand);
    const layout = computeLayout(array);
    const length = array.varsize ? this.memory.loadWord(address + layout.lengthOffset!) : array.fixedLength;
    for (let i = 0, depth = this.callDepth; i < length && depth >= 1; i++, depth--) {
      const op = this.activeOps[depth]!;
      let number = this.siteNumbers.get(op);
      if (number === undefined) {
        this.traceSites.push({ graph: this.activeGraphs[depth]!, pos: op.pos });
        number = this.traceSites.length;
        this.siteNumbers.set(op, number);
      }
      this.memory.store(array.item, address + layout.itemsOffset! + i * layout.itemSize!, number);
    }
    return undefined;
  }

  /** The address of the object that means null (rnullable.ts). */
  get nullAddress(): number {
    return this.prebuilt(NULL_OBJECT);
  }

  /** Runs graph with the given arguments; returns its result or throws LLException/LLFatalError. */
  call(graph: LLGraph, args: LLRuntimeValue[]): LLRuntimeValue {
    const compiled = this.compiled(graph);
    const frame = compiled.template.slice();
    const depth = ++this.callDepth;
    this.activeGraphs[depth] = graph;
    let block = compiled.start;
    for (let i = 0; i < block.inputs.length; i++) frame[block.inputs[i]!] = args[i];
    /** A link's values, read before any is written (reused across this call's links). */
    const passed: LLRuntimeValue[] = [];
    for (;;) {
      let caught: LLException | undefined;
      const ops = block.ops;
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i]!;
        const slots = op.args;
        const values: LLRuntimeValue[] = [];
        for (let k = 0; k < slots.length; k++) values.push(frame[slots[k]!]);
        this.activeOps[depth] = op;
        try {
          frame[op.result] = op.impl(this, values, op.operands, op.pos);
        } catch (error) {
          this.callDepth = depth - 1; // the callees that failed, and this call if it fails too
          if (error instanceof LLException && block.catches && i === ops.length - 1) {
            this.callDepth = depth;
            caught = error;
            break;
          }
          // A check failing in a helper graph (made without positions) is reported where the
          // program called the helper.
          if (error instanceof LLFatalError) {
            const located = !error.pos && op.pos ? new LLFatalError(error.message, op.pos, error.sites) : error;
            located.sites.push({ graph, pos: op.pos });
            throw located;
          }
          throw error;
        }
      }
      let link: CompiledLink;
      if (block.switchSlot === NO_SWITCH) link = block.exits[0]!;
      else if (block.switchSlot === ON_EXCEPTION) link = caught ? block.catchLink! : block.exits[0]!;
      else {
        const value = frame[block.switchSlot];
        const found = block.byCase.get(value) ?? block.defaultLink;
        if (!found) throw new Error(`internal error: no exit for ${String(value)} in ${graph.name}`);
        link = found;
      }
      if (caught && link.caught >= 0) frame[link.caught] = caught.value;
      const target = link.target;
      const linkArgs = link.args;
      if (target === RETURN || target === RAISE) {
        this.callDepth = depth - 1;
        if (target === RETURN) return frame[linkArgs[0]!];
        throw new LLException(num(frame[linkArgs[0]!]));
      }
      // The values first, then the target's inputs: a slot may be both (a loop passing i + 1 as i).
      const n = linkArgs.length;
      if (n === 1) {
        frame[target.inputs[0]!] = frame[linkArgs[0]!];
      } else if (n > 1) {
        if (passed.length < n) passed.length = n;
        for (let i = 0; i < n; i++) passed[i] = frame[linkArgs[i]!];
        const inputs = target.inputs;
        for (let i = 0; i < n; i++) frame[inputs[i]!] = passed[i];
      }
      block = target;
    }
  }

  private readonly compiledGraphs = new Map<LLGraph, CompiledGraph>();

  /** The graph in the form call() runs: every variable and constant a slot of one frame array. */
  private compiled(graph: LLGraph): CompiledGraph {
    const known = this.compiledGraphs.get(graph);
    if (known) return known;
    const template: LLRuntimeValue[] = [];
    const slots = new Map<LLVariable, number>();
    const slotOf = (v: LLValue): number => {
      if (v instanceof LLVariable) {
        let slot = slots.get(v);
        if (slot === undefined) {
          slot = template.length;
          template.push(undefined);
          slots.set(v, slot);
        }
        return slot;
      }
      template.push(this.constant(v));
      return template.length - 1;
    };
    const blocks = new Map<LLBlock, CompiledBlock>();
    const compiledGraph: CompiledGraph = { start: undefined as unknown as CompiledBlock, template };
    const blockOf = (block: LLBlock): CompiledBlock | typeof RETURN | typeof RAISE => {
      if (block === graph.returnblock) return RETURN;
      if (block === graph.exceptblock) return RAISE;
      let compiled = blocks.get(block);
      if (compiled) return compiled;
      compiled = { inputs: [], ops: [], switchSlot: NO_SWITCH, exits: [], byCase: new Map(), defaultLink: undefined, catchLink: undefined, catches: false };
      blocks.set(block, compiled);
      compiled.inputs = block.inputargs.map(slotOf);
      compiled.ops = block.operations.map((op) => {
        const impl = LLINTERP_OPERATIONS[op.opname];
        if (typeof impl !== "function") throw new Error(`internal error: the LL interpreter refuses ${op.opname}: ${impl.refused}`);
        return { impl, args: op.args.map(slotOf), operands: op.args, pos: op.pos, result: slotOf(op.result) };
      });
      const sw = block.exitswitch;
      compiled.catches = sw === LL_LAST_EXCEPTION;
      compiled.switchSlot = sw === null ? NO_SWITCH : sw === LL_LAST_EXCEPTION ? ON_EXCEPTION : slotOf(sw);
      for (const link of block.exits) {
        const cl: CompiledLink = { target: RETURN, args: link.args.map(slotOf), caught: link.caught ? slotOf(link.caught) : -1 };
        compiled.exits.push(cl);
        if (link.exitcase === LL_DEFAULT) compiled.defaultLink = cl;
        else if (link.exitcase === LL_CATCH) compiled.catchLink = cl;
        else if (link.exitcase !== null) compiled.byCase.set(link.exitcase, cl);
      }
      block.exits.forEach((link, i) => (compiled.exits[i]!.target = blockOf(link.target)));
      return compiled;
    };
    compiledGraph.start = blockOf(graph.startblock) as CompiledBlock;
    this.compiledGraphs.set(graph, compiledGraph);
    return compiledGraph;
  }

  callRef(c: LLConstant, args: LLRuntimeValue[]): LLRuntimeValue {
    const ref = c.value as LLFunctionRef;
    if (!ref.graph) throw new Error(`internal error: ${ref.name} has no LL graph`);
    return this.call(ref.graph, args);
  }

  callIndex(index: number, args: LLRuntimeValue[]): LLRuntimeValue {
    return this.callRef(new LLConstant(this.functions[index - 1]!, Void), args);
  }

  /** The function a function pointer (its number) stands for (the JIT's CPU over this interpreter calls by number: src/jit/llgraph/llinterp-cpu.ts). */
  functionAt(index: number): LLFunctionRef | undefined {
    return this.functions[index - 1];
  }

  nonNull(p: LLRuntimeValue, pos: SourcePos | undefined): LLRuntimeValue {
    if (p === 0) throw new LLFatalError("null dereference", pos);
    return p;
  }

  /** The type and offset of field `name` of the struct a pointer operand points to. */
  field(address: number, operand: LLValue, name: LLValue, pos: SourcePos | undefined): { type: LLType; offset: number } {
    this.nonNull(address, pos);
    const ptr = operand.type;
    if (!(ptr instanceof PtrType) || !(ptr.to instanceof StructType)) throw new Error("internal error: getfield on a non-struct pointer");
    const struct = ptr.to;
    const fieldName = (name as LLConstant).value as string;
    let fields = this.fieldCache.get(struct);
    if (!fields) {
      fields = new Map();
      this.fieldCache.set(struct, fields);
    }
    let found = fields.get(fieldName);
    if (!found) {
      const layout = computeLayout(struct);
      const offset = layout.offsets.get(fieldName) ?? findNested(layout.offsets, fieldName);
      if (offset === undefined) throw new Error(`internal error: ${struct.name} has no field ${fieldName}`);
      found = { type: fieldType(struct, fieldName), offset };
      fields.set(fieldName, found);
    }
    return found;
  }

  /** Field types and offsets by struct and name (finding them walks the nested base structs). */
  private readonly fieldCache = new Map<StructType, Map<string, { type: LLType; offset: number }>>();

  /** Where the items of the variable-sized array field of the struct an operand points to are. */
  interior(operand: LLValue): { item: LLType; lengthOffset: number; itemsOffset: number; itemSize: number } {
    const ptr = operand.type;
    if (!(ptr instanceof PtrType) || !(ptr.to instanceof StructType) || !ptr.to.varsize) throw new Error("internal error: interior access on a struct without an array");
    const layout = computeLayout(ptr.to);
    const array = ptr.to.fields[ptr.to.fields.length - 1]!.type as ArrayType;
    return { item: array.item, lengthOffset: layout.lengthOffset!, itemsOffset: layout.itemsOffset!, itemSize: layout.itemSize! };
  }

  /** Where getitemfield and setitemfield find the named field of the items. */
  itemField(operand: LLValue, name: LLValue): ItemFieldLayout {
    return itemFieldLayout(this.arrayType(operand), (name as LLConstant).value as string);
  }

  arrayType(operand: LLValue): ArrayType {
    const ptr = operand.type;
    if (!(ptr instanceof PtrType) || !(ptr.to instanceof ArrayType)) throw new Error("internal error: array operation on a non-array pointer");
    return ptr.to;
  }

  /** The runtime value of a constant: prebuilt objects are written into memory on first use. */
  constant(c: LLConstant): LLRuntimeValue {
    const v = c.value;
    if (v === null) return c.type === Void ? undefined : 0;
    if (typeof v === "number" || typeof v === "boolean") return v;
    if (typeof v === "string") return undefined; // field names and other operation parameters
    if (v instanceof PrimitiveType || v instanceof StructType || v instanceof ArrayType || v instanceof PtrType || v instanceof FuncType) return undefined;
    if (v.kind === "function") return this.functionNumber(v);
    if (v.kind === "symbolic") return v.valueOf(); // throws: a symbolic word has a value only in a binary's data image
    // An inline struct (an item of an array of structs) is written with its array, never an object of its own.
    if (c.type instanceof StructType && !c.type.gc) throw new Error(`internal error: the inline ${c.type.name} ${v.name} is no value of its own`);
    return this.prebuilt(v);
  }

  private functionNumber(ref: LLFunctionRef): number {
    let index = this.functionIndex.get(ref);
    if (index === undefined) {
      this.functions.push(ref);
      index = this.functions.length;
      this.functionIndex.set(ref, index);
    }
    return index;
  }

  private prebuilt(p: LLPrebuilt): number {
    return this.prebuiltImage.addressOf(p);
  }

  /**
   * Prebuilt objects in this interpreter's memory, by the walk the code generators use too
   * (prebuilt-image.ts): allocated as the program would allocate them (header and length written
   * then), fields stored as runtime values, a function as its number in the table of functions.
   */
  private readonly prebuiltImage = new PrebuiltImage({
    reserve: (q, type) => this.memory.allocate(type, q.items.length),
    begin: () => {},
    store: (t, address, value) => this.memory.store(t, address, this.constant(value)),
    storePointer: (t, address, target) => this.memory.store(t, address, target),
    typeId: (type) => this.memory.typeId(type),
  });
}
