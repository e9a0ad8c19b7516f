/**
 * The string pass (RPython's optimizeopt/vstring.py, its simplest part): strings under
 * construction. newstr of a constant length (at most MAX_VIRTUAL_STRING code units) is a
 * virtual string: strsetitem at a constant index writes its code unit, strgetitem at a constant
 * index reads it, strlen is its length. It escapes as a virtual array does (forced: newstr and
 * the strsetitems of what is known). strlen of a string allocated by newstr in the trace is the
 * length it was allocated with. (RPython's string concatenation and slices are not here: RTS
 * builds strings through calls the codewriter leaves residual.) RTS.
 */

import { type AbstractValue, ConstInt, ResOperation } from "../history.js";
import { RESOPS } from "../resoperation.js";
import { VirtualArrayInfo } from "./info.js";
import { arrayDescrOf, Optimization, Optimizer } from "./optimizer.js";

export const MAX_VIRTUAL_STRING = 64;

export class OptString extends Optimization {
  /** strings allocated by an emitted newstr, and their lengths */
  readonly allocated: AbstractValue[];
  readonly lengths: AbstractValue[];

  constructor(optimizer: Optimizer) {
    super(optimizer);
    this.allocated = [];
    this.lengths = [];
  }

  override name(): string {
    return "string";
  }

  override propagateForward(op: ResOperation): void {
    const o = this.optimizer;
    const name = RESOPS[op.opnum]!.name;
    switch (name) {
      case "newstr": {
        const d = arrayDescrOf(op);
        const length = o.getBox(op.args[0]!);
        if (d !== null && length instanceof ConstInt && length.value >= 0 && length.value <= MAX_VIRTUAL_STRING) {
          o.setPtrInfo(op, new VirtualArrayInfo(op, d, length.value, true));
          o.stats.hit("virtual_string");
          return;
        }
        this.emit(op);
        this.allocated.push(o.getBox(op));
        this.lengths.push(length);
        return;
      }
      case "strsetitem": {
        const v = this.virtualString(op.args[0]!);
        const index = this.constIndex(v, op.args[1]!);
        if (v === null || index < 0) break;
        v.items[index] = o.getBox(op.args[2]!);
        o.stats.hit("virtual_strsetitem");
        return;
      }
      case "strgetitem": {
        const v = this.virtualString(op.args[0]!);
        const index = this.constIndex(v, op.args[1]!);
        if (v === null || index < 0) break;
        const item = v.items[index];
        o.makeEqual(op, item === undefined || item === null ? new ConstInt(0, "") : item);
        o.stats.hit("virtual_strgetitem");
        return;
      }
      case "strlen": {
        const v = this.virtualString(op.args[0]!);
        if (v !== null) {
          o.makeConstantInt(op, v.length());
          o.stats.hit("virtual_strlen");
          return;
        }
        const obj = o.getBox(op.args[0]!);
        for (let i = 0; i < this.allocated.length; i++) {
          if (o.getBox(this.allocated[i]!) === obj) {
            o.makeEqual(op, this.lengths[i]!);
            o.stats.hit("strlen_of_newstr");
            return;
          }
        }
        break;
      }
      default:
        break;
    }
    this.emit(op);
  }

  private virtualString(value: AbstractValue): VirtualArrayInfo | null {
    const v = this.optimizer.virtualArray(value);
    if (v === null || !v.isString) return null;
    return v;
  }

  private constIndex(v: VirtualArrayInfo | null, index: AbstractValue): number {
    if (v === null) return -1;
    const box = this.optimizer.getBox(index);
    if (!(box instanceof ConstInt)) return -1;
    if (box.value < 0 || box.value >= v.length()) return -1;
    return box.value;
  }
}
