/**
 * The pure pass (RPython's optimizeopt/pure.py): common subexpression elimination of pure
 * operations and of calls of elidable functions. An operation equal to one emitted before (the
 * same operation, descriptor and arguments' representatives) is that one; a comparison is
 * also found with its operands swapped (a < b is b > a). An `_ovf` operation equal to an earlier
 * one goes with its guard_no_overflow. A call_pure_* not shared is emitted as the plain call_*
 * (the backend has no call_pure), and so is a call_* whose EffectInfo says elidable; a call
 * followed by guard_exception (it raised while tracing) is never shared. RTS.
 */

import { type AbstractValue, CallDescr, ConstFloat, ConstInt, ConstPtr, ResOperation } from "../history.js";
import { opnumOf, RESOPS, type ResOpName } from "../resoperation.js";
import { reflexComparison } from "./comparisons.js";
import { linearFormOfOp } from "./linear.js";
import { Optimization, Optimizer } from "./optimizer.js";

export class OptPure extends Optimization {
  /** The operations emitted, by key (see keyOf). */
  readonly known: Map<string, AbstractValue>;
  /** The same, as lists: each key, the arguments' representatives, the result. */
  readonly keys: string[];
  readonly args: AbstractValue[][];
  readonly results: AbstractValue[];
  /** Sums of a constant emitted, by their linear form's key (linear.ts), and whether each form is exact. */
  readonly linearValues: Map<string, AbstractValue>;
  readonly linearExact: Map<string, boolean>;

  constructor(optimizer: Optimizer) {
    super(optimizer);
    this.linearValues = new Map<string, AbstractValue>();
    this.linearExact = new Map<string, boolean>();
    this.known = new Map<string, AbstractValue>();
    this.keys = [];
    this.args = [];
    this.results = [];
  }

  override name(): string {
    return "pure";
  }

  /** Keeps the operations whose arguments and result are stable across iterations (loop-invariant code motion). */
  override enterLoop(variant: AbstractValue[]): void {
    const o = this.optimizer;
    this.linearValues.clear();
    this.linearExact.clear();
    const keys: string[] = [];
    const args: AbstractValue[][] = [];
    const results: AbstractValue[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      let stable = variant.indexOf(o.getBox(this.results[i]!)) < 0;
      const a = this.args[i]!;
      for (let k = 0; k < a.length && stable; k++) if (variant.indexOf(o.getBox(a[k]!)) >= 0) stable = false;
      if (!stable) {
        this.known.delete(this.keys[i]!);
        continue;
      }
      keys.push(this.keys[i]!);
      args.push(a);
      results.push(this.results[i]!);
    }
    this.keys.length = 0;
    this.args.length = 0;
    this.results.length = 0;
    for (let i = 0; i < keys.length; i++) {
      this.keys.push(keys[i]!);
      this.args.push(args[i]!);
      this.results.push(results[i]!);
    }
  }

  /** Remembers an emitted operation under its key. */
  private remember(key: string, op: ResOperation): void {
    const o = this.optimizer;
    const args: AbstractValue[] = [];
    for (let k = 0; k < op.args.length; k++) args.push(o.getBox(op.args[k]!));
    this.known.set(key, o.getBox(op));
    this.keys.push(key);
    this.args.push(args);
    this.results.push(o.getBox(op));
  }

  override propagateForward(op: ResOperation): void {
    const info = RESOPS[op.opnum]!;
    const name = info.name;
    const o = this.optimizer;
    if ((info.pure || info.ovf) && this.shareLinear(op, info.ovf)) return;
    if (info.pure || info.ovf) {
      const key = this.keyOf(op, name);
      const found = this.known.get(key);
      if (found !== undefined) {
        if (info.ovf) {
          const next = o.peekNext();
          // only an overflow operation that did not overflow is known: the next guard must say so
          if (next === null || next.name() !== "guard_no_overflow") {
            this.emit(op);
            return;
          }
          o.dropNextOverflowGuard = true;
        }
        o.stats.hit("pure_shared");
        o.makeEqual(op, found);
        return;
      }
      const reflex = reflexComparison(name);
      if (reflex !== "" && op.args.length === 2) {
        const swapped = this.known.get(this.keyOfArgs(reflex, op.descr === null ? "" : op.descr.name, o.getBox(op.args[1]!), o.getBox(op.args[0]!)));
        if (swapped !== undefined) {
          o.stats.hit("pure_shared_reflex");
          o.makeEqual(op, swapped);
          return;
        }
      }
      this.emit(op);
      if (!info.ovf || this.nextIsNoOverflow()) this.remember(key, op);
      return;
    }
    if (info.call && this.isElidableCall(op)) {
      // a call that raised while tracing (guard_exception follows) is made each time: neither
      // shared with an earlier call nor remembered for a later one
      const raised = this.nextIs("guard_exception");
      const key = this.keyOf(op, "call_pure");
      const found = raised ? undefined : this.known.get(key);
      if (found !== undefined) {
        o.stats.hit("pure_call_shared");
        o.makeEqual(op, found);
        o.dropNextExceptionGuard = true;
        return;
      }
      let emitted = op;
      if (info.callKind === "pure") {
        emitted = new ResOperation(opnumOf(plainCallOf(op.kind)), op.args, op.descr, op.number);
        if (op.number >= 0) o.replaceOp(op, emitted);
      }
      this.emit(emitted);
      if (op.kind !== "n" && !raised) this.remember(key, op);
      return;
    }
    this.emit(op);
  }

  /**
   * A sum of a constant equal to a value computed before (linear.ts): `(x + 1) - 1` is x, and
   * `(x + 2) - 1` is an earlier `x + 1`. An `_ovf` one is shared only when both forms are exact
   * (then it cannot overflow: the same sum did not); its guard_no_overflow goes with it. Gives
   * whether op was shared; when not, remembers its form once it is emitted (by the caller).
   */
  private shareLinear(op: ResOperation, ovf: boolean): boolean {
    const o = this.optimizer;
    const form = linearFormOfOp(o, op);
    if (form === null) return false;
    if (ovf && !this.nextIsNoOverflow()) return false;
    const key = `${valueKey(form.root)}+${form.offset}`;
    let found: AbstractValue | null = null;
    if (form.offset === 0 && (!ovf || form.exact)) found = form.root;
    else {
      const known = this.linearValues.get(key);
      if (known !== undefined && (!ovf || (form.exact && this.linearExact.get(key) === true))) found = o.getBox(known);
    }
    if (found !== null) {
      if (ovf) o.dropNextOverflowGuard = true;
      o.stats.hit("pure_linear_shared");
      o.makeEqual(op, found);
      return true;
    }
    // emitted by the caller's path (or shared by it): either way its value is op's
    if (!this.linearValues.has(key) || (form.exact && this.linearExact.get(key) !== true)) {
      this.linearValues.set(key, op);
      this.linearExact.set(key, form.exact);
    }
    return false;
  }

  private nextIsNoOverflow(): boolean {
    return this.nextIs("guard_no_overflow");
  }

  private nextIs(name: string): boolean {
    const next = this.optimizer.peekNext();
    return next !== null && next.name() === name;
  }

  private isElidableCall(op: ResOperation): boolean {
    const info = RESOPS[op.opnum]!;
    if (info.callKind === "pure") return true;
    if (info.callKind !== "plain") return false;
    const d = op.descr;
    if (d === null) return false;
    if (d instanceof CallDescr) return d.effect.isElidable();
    return false;
  }

  private keyOf(op: ResOperation, name: string): string {
    const o = this.optimizer;
    let key = `${name}/${op.descr === null ? "" : op.descr.name}`;
    for (let k = 0; k < op.args.length; k++) key += `,${valueKey(o.getBox(op.args[k]!))}`;
    return key;
  }

  private keyOfArgs(name: string, descr: string, a: AbstractValue, b: AbstractValue): string {
    return `${name}/${descr},${valueKey(a)},${valueKey(b)}`;
  }
}

/** A value in a key: its number, or a constant's kind and value. */
function valueKey(value: AbstractValue): string {
  if (value instanceof ConstInt) return `#i${value.value}`;
  if (value instanceof ConstPtr) return `#r${value.value}`;
  if (value instanceof ConstFloat) return `#f${value.value}/${1 / value.value}`;
  return `${value.kind}${value.number}`;
}

function plainCallOf(kind: string): ResOpName {
  if (kind === "i") return "call_i";
  if (kind === "r") return "call_r";
  if (kind === "f") return "call_f";
  return "call_n";
}
