/**
 * Virtual objects in the fail arguments of a guard: what the optimizer gives in place of the
 * objects it did not allocate, so that a failing guard can materialise them (the seed of the
 * resume data of issue 16 item 7; RPython keeps the same in resume.py's virtual descriptions).
 *
 * The representation, kept simple on purpose:
 * - An optimized guard whose fail arguments reach a virtual object is a GuardWithVirtuals (a
 *   ResOperation, so printers, checks and the trace interpreter see an ordinary guard).
 * - Its fail arguments are the frame's values first (`frameArgCount` of them, the positions the
 *   guard had before optimizing), a virtual's position holding the constant NULL; then the values
 *   the virtuals' fields need, appended once each.
 * - `virtualAt[k]` is the index in `virtuals` of the object at frame position k, or -1.
 * - Each VirtualDescription gives the allocation (a struct by its SizeDescr, with its class when
 *   new_with_vtable; an array or string by its ArrayDescr and length) and its fields or items:
 *   a field's source is an index into the fail arguments (>= 0), or -1 - j for virtual j (a
 *   virtual can point at another, or at itself).
 *
 * materializeVirtuals rebuilds the frame's values after the guard failed: allocate every
 * virtual, fill its fields, put the addresses in place. RTS.
 */

import { type AbstractValue, ArrayDescr, Descr, FieldDescr, ResOperation, SizeDescr } from "../history.js";
import { RESOPS } from "../resoperation.js";
import { type TraceCPU, TraceValues } from "../trace-cpu.js";

/** One virtual object of a guard. */
export class VirtualDescription {
  /** The allocating operation (new, new_with_vtable, new_array, new_array_clear, newstr): its opnum, descriptor and, for arrays, length. */
  readonly allocation: AbstractValue;
  readonly opnum: number;
  readonly descr: Descr;
  readonly length: number;
  /** Structs: the field written; arrays: null, with the item index in fieldIndexes. */
  readonly fieldDescrs: (FieldDescr | null)[];
  readonly fieldIndexes: number[];
  /** Where each field's value comes from: an index into the fail arguments, or -1 - j for virtual j. */
  readonly fieldSources: number[];

  constructor(allocation: AbstractValue, opnum: number, descr: Descr, length: number) {
    this.allocation = allocation;
    this.opnum = opnum;
    this.descr = descr;
    this.length = length;
    this.fieldDescrs = [];
    this.fieldIndexes = [];
    this.fieldSources = [];
  }

  addField(descr: FieldDescr | null, index: number, source: number): void {
    this.fieldDescrs.push(descr);
    this.fieldIndexes.push(index);
    this.fieldSources.push(source);
  }
}

/** A guard whose fail arguments hold virtual objects (see the header). */
export class GuardWithVirtuals extends ResOperation {
  frameArgCount: number;
  readonly virtualAt: number[];
  readonly virtuals: VirtualDescription[];

  constructor(opnum: number, args: AbstractValue[], descr: Descr | null, number: number) {
    super(opnum, args, descr, number);
    this.frameArgCount = 0;
    this.virtualAt = [];
    this.virtuals = [];
  }
}

/**
 * The frame's values of a guard that failed with `values` (its fail arguments' values, as the
 * trace interpreter gives them): the values themselves for a plain guard, else the first
 * frameArgCount values with each virtual allocated in the CPU's memory and filled.
 */
export function materializeVirtuals(cpu: TraceCPU, guard: ResOperation, values: TraceValues): TraceValues {
  if (!(guard instanceof GuardWithVirtuals)) return values;
  const addresses: number[] = [];
  for (let j = 0; j < guard.virtuals.length; j++) addresses.push(allocate(cpu, guard.virtuals[j]!));
  for (let j = 0; j < guard.virtuals.length; j++) {
    const v = guard.virtuals[j]!;
    for (let k = 0; k < v.fieldSources.length; k++) {
      const source = v.fieldSources[k]!;
      const fieldDescr = v.fieldDescrs[k];
      let address = addresses[j]!;
      let size = 8;
      if (fieldDescr !== undefined && fieldDescr !== null) {
        address += fieldDescr.offset;
        size = fieldDescr.size;
      } else {
        const d = v.descr;
        if (d instanceof ArrayDescr) {
          address += d.baseOffset + v.fieldIndexes[k]! * d.itemSize;
          size = d.fieldSize;
        }
      }
      // by the value's kind (the field's): integers, references and floats apart
      if (source < 0) cpu.storeRef(address, addresses[-1 - source]!);
      else if (values.kinds[source] === "r") cpu.storeRef(address, values.refs[source]!);
      else if (values.kinds[source] === "f") cpu.storeFloat(address, values.floats[source]!);
      else cpu.storeInt(address, size, values.ints[source]!);
    }
  }
  const frame = new TraceValues();
  for (let k = 0; k < guard.frameArgCount; k++) {
    const at = guard.virtualAt[k]!;
    const kind = values.kinds[k]!;
    if (at >= 0) frame.addRef(addresses[at]!);
    else if (kind === "i") frame.addInt(values.ints[k]!);
    else if (kind === "r") frame.addRef(values.refs[k]!);
    else frame.addFloat(values.floats[k]!);
  }
  return frame;
}

function allocate(cpu: TraceCPU, v: VirtualDescription): number {
  const d = v.descr;
  if (d instanceof SizeDescr) {
    const ref = cpu.allocate(d.size, d.typeId);
    if (RESOPS[v.opnum]!.name === "new_with_vtable") cpu.setClass(ref, d.vtable);
    return ref;
  }
  if (d instanceof ArrayDescr) {
    const ref = cpu.allocate(d.totalSize(v.length), d.typeId);
    cpu.storeInt(ref + d.lengthOffset, 8, v.length);
    return ref;
  }
  throw new Error(`a virtual allocated by ${RESOPS[v.opnum]!.name} has no size or array descriptor`);
}

/** The virtuals of a guard as text, one per line (`p5 = new_with_vtable(descr=nodesize) valuedescr=#1 nextdescr=virtual 0`), for logs and tests. */
export function guardVirtualsText(guard: ResOperation): string {
  if (!(guard instanceof GuardWithVirtuals)) return "";
  const lines: string[] = [];
  for (let j = 0; j < guard.virtuals.length; j++) {
    const v = guard.virtuals[j]!;
    let line = `virtual ${j} = ${RESOPS[v.opnum]!.name}(`;
    if (v.descr instanceof ArrayDescr) line += `${v.length}, `;
    line += `descr=${v.descr.name})`;
    for (let k = 0; k < v.fieldSources.length; k++) {
      const fd = v.fieldDescrs[k];
      const name = fd !== undefined && fd !== null ? fd.name : `[${v.fieldIndexes[k]!}]`;
      const s = v.fieldSources[k]!;
      line += s >= 0 ? ` ${name}=#${s}` : ` ${name}=virtual ${-1 - s}`;
    }
    lines.push(line);
  }
  let at = "at";
  for (let k = 0; k < guard.frameArgCount; k++) {
    if (guard.virtualAt[k]! >= 0) at += ` #${k}=virtual ${guard.virtualAt[k]!}`;
  }
  lines.push(at);
  return lines.join("\n");
}
