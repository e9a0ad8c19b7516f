// Helpers of the trace IR's tests: a small memory CPU for the trace interpreter, a namespace of
// descriptors and addresses for the parser (oparser's), and a structural comparison of traces.

import {
  type AbstractValue,
  ArrayDescr,
  CallDescr,
  ConstFloat,
  ConstInt,
  ConstPtr,
  ConstText,
  type Descr,
  EF_CAN_RAISE,
  EF_CANNOT_RAISE,
  EF_ELIDABLE_CANNOT_RAISE,
  EffectInfo,
  FieldDescr,
  SizeDescr,
  type Trace,
} from "../../src/runtime/jit/history.ts";
import type { TraceNamespace } from "../../src/jit/parse-trace.ts";
import { BlackholeCPU } from "../../src/runtime/jit/blackhole-cpu.ts";

/**
 * A byte memory with a bump allocator; an instance's class is the word at offset 8 (after the GC
 * header's type id at 0). A BlackholeCPU, so that the meta-interpreter and the blackhole
 * interpreter run on it too (allocation by descriptor, RTS's missing words).
 */
export class FakeMemory extends BlackholeCPU {
  readonly view = new DataView(new ArrayBuffer(1 << 16));
  top = 64;
  exception = 0;
  readonly calls: { func: number; ints: number[]; refs: number[]; floats: number[] }[] = [];
  /** The functions callable from traces, by address. */
  readonly functions = new Map<number, (ints: number[], refs: number[], floats: number[]) => number>();

  override loadInt(address: number, size: number, signed: boolean): number {
    const v = this.view;
    if (size === 8) return Number(v.getBigInt64(address, true));
    if (size === 4) return signed ? v.getInt32(address, true) : v.getUint32(address, true);
    if (size === 2) return signed ? v.getInt16(address, true) : v.getUint16(address, true);
    return signed ? v.getInt8(address) : v.getUint8(address);
  }
  override storeInt(address: number, size: number, value: number): void {
    const v = this.view;
    if (size === 8) v.setBigInt64(address, BigInt(value), true);
    else if (size === 4) v.setInt32(address, value, true);
    else if (size === 2) v.setInt16(address, value, true);
    else v.setInt8(address, value);
  }
  override loadFloat(address: number): number {
    return this.view.getFloat64(address, true);
  }
  override storeFloat(address: number, value: number): void {
    this.view.setFloat64(address, value, true);
  }
  override loadRef(address: number): number {
    return this.loadInt(address, 8, true);
  }
  override storeRef(address: number, value: number): void {
    this.storeInt(address, 8, value);
  }
  override allocate(bytes: number, typeId: number): number {
    const address = this.top;
    this.top += Math.ceil(bytes / 8) * 8;
    new Uint8Array(this.view.buffer, address, this.top - address).fill(0);
    this.storeInt(address, 4, typeId);
    return address;
  }
  override classOf(ref: number): number {
    return this.loadInt(ref + 8, 8, true);
  }
  override setClass(ref: number, vtable: number): void {
    this.storeInt(ref + 8, 8, vtable);
  }
  private call(func: number, ints: number[], refs: number[], floats: number[]): number {
    this.calls.push({ func, ints, refs, floats });
    const fn = this.functions.get(func);
    if (!fn) throw new Error(`no function at ${func}`);
    return fn(ints, refs, floats);
  }
  override callInt(func: number, _d: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.call(func, ints, refs, floats);
  }
  override callRef(func: number, _d: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.call(func, ints, refs, floats);
  }
  override callFloat(func: number, _d: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.call(func, ints, refs, floats);
  }
  override callVoid(func: number, _d: CallDescr, ints: number[], refs: number[], floats: number[]): void {
    this.call(func, ints, refs, floats);
  }
  override pendingException(): number {
    return this.exception;
  }
  override clearException(): void {
    this.exception = 0;
  }
}

const effects = (extra: number, canRaise: boolean) => new EffectInfo(extra, canRaise, false, [], [], [], []);

/** Descriptors and addresses in the shape of RPython's optimizeopt test namespace (LLtypeMixin). */
export function testNamespace(): Record<string, Descr | number> {
  return {
    // struct NODE { header 8, typeptr 8, value 16, next 24, floatval 32, short 40, ubyte 42 }
    valuedescr: new FieldDescr("valuedescr", "NODE", "value", 16, 8, "i", true, false, false),
    nextdescr: new FieldDescr("nextdescr", "NODE", "next", 24, 8, "r", false, false, false),
    floatdescr: new FieldDescr("floatdescr", "NODE", "floatval", 32, 8, "f", false, false, false),
    shortdescr: new FieldDescr("shortdescr", "NODE", "short", 40, 2, "i", true, false, false),
    ubytedescr: new FieldDescr("ubytedescr", "NODE", "ubyte", 42, 1, "i", false, false, false),
    immutdescr: new FieldDescr("immutdescr", "NODE", "immut", 16, 8, "i", true, true, false),
    nodesize: new SizeDescr("nodesize", 48, 1, 1000),
    node_vtable: 1000,
    node_vtable2: 1001,
    // arrays: header 8, length 8, items from 16
    arraydescr: new ArrayDescr("arraydescr", 16, 8, 8, "i", true, false, 2),
    gcarraydescr: new ArrayDescr("gcarraydescr", 16, 8, 8, "r", false, false, 3),
    floatarraydescr: new ArrayDescr("floatarraydescr", 16, 8, 8, "f", false, false, 4),
    bytearraydescr: new ArrayDescr("bytearraydescr", 16, 1, 8, "i", false, false, 5),
    strdescr: new ArrayDescr("strdescr", 16, 2, 8, "i", false, true, 6),
    int32raw: new ArrayDescr("int32raw", 0, 4, 0, "i", true, false, 0),
    // an array of 16-byte inline structs { short at 0, value at 8 }: one descriptor per field
    entryshortdescr: new ArrayDescr("entryshortdescr", 16, 16, 8, "i", true, false, 7, 2),
    entryvaluedescr: new ArrayDescr("entryvaluedescr", 24, 16, 8, "i", true, false, 7, 8),
    plaincalldescr: new CallDescr("plaincalldescr", "ii", "i", 8, true, effects(EF_CANNOT_RAISE, false)),
    raisingcalldescr: new CallDescr("raisingcalldescr", "i", "i", 8, true, effects(EF_CAN_RAISE, true)),
    elidablecalldescr: new CallDescr("elidablecalldescr", "if", "f", 8, false, effects(EF_ELIDABLE_CANNOT_RAISE, false)),
    voidcalldescr: new CallDescr("voidcalldescr", "r", "n", 0, false, effects(EF_CANNOT_RAISE, false)),
    refcalldescr: new CallDescr("refcalldescr", "r", "r", 8, false, effects(EF_CANNOT_RAISE, false)),
    myptr: 4096,
    exc_vtable: 2000,
  } satisfies TraceNamespace;
}

/** A description of a trace that two equal traces share: values by kind and number, constants by value, descriptors by identity (or name, for those a parser makes). */
export function traceShape(trace: Trace): unknown[] {
  const value = (v: AbstractValue): unknown => {
    if (v instanceof ConstInt) return ["ConstInt", v.value, v.name];
    if (v instanceof ConstFloat) return ["ConstFloat", Object.is(v.value, -0) ? "-0" : String(v.value)];
    if (v instanceof ConstPtr) return ["ConstPtr", v.value, v.name];
    if (v instanceof ConstText) return ["ConstText", v.text];
    return `${v.kind}${v.number}`;
  };
  const descr = (d: Descr | null): unknown => (d === null ? null : [d.constructor.name, d.name]);
  return [
    trace.inputArgs.map(value),
    ...trace.operations.map((op) => [op.name(), op.kind, op.number, op.args.map(value), descr(op.descr), op.failArgs?.map(value) ?? null]),
  ];
}
