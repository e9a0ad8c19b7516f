/**
 * The blackhole interpreter's CPU over the LL interpreter's memory (RPython's llgraph backend,
 * its bh_* side): loads and stores on the LL interpreter's flat memory, allocations of LL types
 * by GC type id, residual calls that run the LL graph of the function number through the LL
 * interpreter (its arguments rebuilt from the values by kind, in the order of the graph's
 * parameters), and exceptions as the LL interpreter has them (an LLException's value becomes
 * the pending exception). Toolchain code: jitcodes run untranslated on it.
 *
 * llinterpTarget gives the codewriter the same interpreter's numbering of types, functions and
 * prebuilt objects, so that jitcodes made for it run on it.
 */

import { LLException, type LLInterpreter, type LLRuntimeValue } from "../../llir/llinterp.js";
import type { LLConstant } from "../../llir/llgraph.js";
import { Bool, Float, Int16, Int32, Int8, Uint16, Uint32, Uint8, computeLayout, type ArrayType, type LLType, type StructType } from "../../llir/lltype.js";
import { OBJECT } from "../../llir/object-model.js";
import { BlackholeCPU } from "../../runtime/jit/blackhole-cpu.js";
import type { ArrayDescr, CallDescr, SizeDescr } from "../../runtime/jit/history.js";
import { kindOf, type CodeWriterTarget } from "../codewriter/descriptors.js";

/** Where an instance holds its class: the root struct's typeptr. */
const TYPEPTR_OFFSET = computeLayout(OBJECT).offsets.get("typeptr")!;

const INT_TYPES: Readonly<Record<string, LLType>> = { "1s": Int8, "1u": Uint8, "2s": Int16, "2u": Uint16, "4s": Int32, "4u": Uint32 };

export class LLInterpCPU extends BlackholeCPU {
  readonly interp: LLInterpreter;
  private pending = 0;

  constructor(interp: LLInterpreter) {
    super();
    this.interp = interp;
  }

  override loadInt(address: number, size: number, signed: boolean): number {
    if (size === 8) return this.interp.memory.loadWord(address);
    return this.interp.memory.load(INT_TYPES[`${size}${signed ? "s" : "u"}`]!, address) as number;
  }

  override storeInt(address: number, size: number, value: number): void {
    if (size === 8) this.interp.memory.storeWord(address, value);
    else this.interp.memory.store(INT_TYPES[`${size}u`]!, address, Number(BigInt.asUintN(size * 8, BigInt(value))));
  }

  override loadFloat(address: number): number {
    return this.interp.memory.load(Float, address) as number;
  }

  override storeFloat(address: number, value: number): void {
    this.interp.memory.store(Float, address, value);
  }

  override loadRef(address: number): number {
    return this.interp.memory.loadWord(address);
  }

  override storeRef(address: number, value: number): void {
    this.interp.memory.storeWord(address, value);
  }

  /** The vtable address in the instance's typeptr (an exception's class, for guard_exception). */
  override classOf(ref: number): number {
    return this.interp.memory.loadWord(ref + TYPEPTR_OFFSET);
  }

  override setClass(ref: number, vtable: number): void {
    this.interp.memory.storeWord(ref + TYPEPTR_OFFSET, vtable);
  }

  override newStruct(descr: SizeDescr): number {
    return this.interp.memory.allocate(this.typeOf(descr.typeId));
  }

  override newArray(descr: ArrayDescr, n: number): number {
    return this.interp.memory.allocate(this.typeOf(descr.typeId), n);
  }

  override allocate(_bytes: number, typeId: number): number {
    return this.interp.memory.allocate(this.typeOf(typeId));
  }

  override nullObject(): number {
    return this.interp.nullAddress;
  }

  override callInt(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.call(func, descr, ints, refs, floats);
  }

  override callRef(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.call(func, descr, ints, refs, floats);
  }

  override callFloat(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.call(func, descr, ints, refs, floats);
  }

  override callVoid(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): void {
    this.call(func, descr, ints, refs, floats);
  }

  override pendingException(): number {
    return this.pending;
  }

  override clearException(): void {
    this.pending = 0;
  }

  private typeOf(typeId: number): StructType | ArrayType {
    const type = this.interp.memory.typesById[typeId - 1];
    if (!type) throw new Error(`internal error: no LL type has the type id ${typeId}`);
    return type;
  }

  /** Runs the function's graph in the LL interpreter; an exception it raises becomes pending (the result is then 0). */
  private call(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    const ref = this.interp.functionAt(func);
    if (!ref?.graph) throw new Error(`internal error: ${descr.name}: no LL graph for the function number ${func}`);
    const graph = ref.graph;
    let ki = 0;
    let kr = 0;
    let kf = 0;
    const args: LLRuntimeValue[] = graph.startblock.inputargs.map((param) => {
      const kind = kindOf(param.type);
      if (kind === "v") return undefined;
      if (kind === "r") return refs[kr++]!;
      if (kind === "f") return floats[kf++]!;
      const value = ints[ki++]!;
      return param.type === Bool ? value !== 0 : value;
    });
    let result: LLRuntimeValue;
    try {
      result = this.interp.call(graph, args);
    } catch (error) {
      if (error instanceof LLException) {
        this.pending = error.value;
        return 0;
      }
      throw error;
    }
    if (typeof result === "boolean") return result ? 1 : 0;
    return result ?? 0;
  }
}

/** The codewriter's target for jitcodes that run on this LL interpreter (its type ids, function numbers and prebuilt addresses). */
export function llinterpTarget(interp: LLInterpreter): CodeWriterTarget {
  return {
    typeId: (type) => interp.memory.typeId(type),
    constantValue: (c: LLConstant) => {
      const value = interp.constant(c);
      if (typeof value !== "number") throw new Error(`internal error: the constant ${String(c.value)} has no address in the LL interpreter`);
      return value;
    },
  };
}
