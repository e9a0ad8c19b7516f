/**
 * Quasi-immutable fields (RPython's metainterp/quasiimmut.py): a field the interpreter's author
 * declared "name?" in a class's immutableFields may change, rarely. A trace reading it from a
 * constant object records `quasiimmut_field` and `guard_not_invalidated` and takes the value as a
 * constant (opimpl.ts, record_quasiimmut_field); the trace then depends on that field of that
 * object keeping the value. `QuasiImmutDeps` is what one trace assumed: the objects, the fields'
 * descriptors and the values read.
 *
 * A write of such a field anywhere (ahead-of-time code, jitcodes, compiled traces: the rtyper puts
 * `jit_force_quasi_immutable` before each) invalidates every loop and bridge that depends on it
 * (WarmRunner.quasiImmutWritten): its guards_not_invalidated fail from then on, and the warm
 * state forgets the loop, so the key is interpreted and traced again later. A write while the
 * trace that depends on it is being recorded is caught when it is compiled: a value that is no
 * longer the field's (`stillValid`) invalidates it at once, as RPython's optimizer refuses a loop
 * whose quasi-immutable field changed during tracing. RPython finds the loops to invalidate from
 * a `mutate_<name>` slot of the object; here the dependencies are searched by object and field,
 * which is enough for the few writes a quasi-immutable field has (part 2 of issue 16 makes it a
 * slot, for translated code that must check every write cheaply).
 *
 * RTS: a class with parallel arrays.
 */

import type { BlackholeCPU } from "../blackhole-cpu.js";
import { FieldDescr } from "../history.js";

export class QuasiImmutDeps {
  readonly objects: number[];
  readonly descrs: FieldDescr[];
  /** The value each field had when the trace read it (a float's number, or an integer or reference). */
  readonly values: number[];

  constructor() {
    this.objects = [];
    this.descrs = [];
    this.values = [];
  }

  add(object: number, descr: FieldDescr, value: number): void {
    this.objects.push(object);
    this.descrs.push(descr);
    this.values.push(value);
  }

  count(): number {
    return this.objects.length;
  }

  /** Whether the trace assumed the field at offset of object. */
  dependsOn(object: number, offset: number): boolean {
    for (let k = 0; k < this.objects.length; k++) if (this.objects[k] === object && this.descrs[k]!.offset === offset) return true;
    return false;
  }

  /** Whether every field still holds the value the trace read. */
  stillValid(cpu: BlackholeCPU): boolean {
    for (let k = 0; k < this.objects.length; k++) {
      const now = fieldValue(cpu, this.objects[k]!, this.descrs[k]!);
      const then = this.values[k]!;
      if (now !== then && !(now !== now && then !== then)) return false;
    }
    return true;
  }
}

/** The field's value as the trace reads it. */
export function fieldValue(cpu: BlackholeCPU, object: number, d: FieldDescr): number {
  const address = object + d.offset;
  if (d.kind === "r") return cpu.loadRef(address);
  if (d.kind === "f") return cpu.loadFloat(address);
  return cpu.loadInt(address, d.size, d.signed);
}
