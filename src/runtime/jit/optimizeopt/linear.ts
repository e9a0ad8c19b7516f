/**
 * Integers as `root + offset`: what the pure and heap passes compare indexes and sums by. An
 * interpreter's stack pointer moves by constants (`sp + 1`, then `sp + 2 - 1`), and its stack
 * is read at such indexes: `(sp + 1) + 1 - 1` is `sp + 1`, which pure then shares, and
 * `stack[sp + 1]` and `stack[sp + 2]` are different items, which heap keeps apart (RPython's
 * heapcache tells indexes apart only when they are constants).
 *
 * A form is found by walking the emitted int_add / int_sub (and their `_ovf` versions) that add a
 * constant, at most MAX_DEPTH of them. `exact` says every step was an `_ovf` operation that
 * passed its guard: root + offset is then the value without wrapping; otherwise it is the value
 * modulo 2^64, as the machine computes it. RTS.
 */

import { type AbstractValue, ConstInt, type ResOperation } from "../history.js";
import { RESOPS } from "../resoperation.js";
import type { Optimizer } from "./optimizer.js";

/** How many additions of a constant a form looks through. */
const MAX_DEPTH = 16;
/** Offsets stay far from where a sum could stop being an exact double. */
const MAX_OFFSET = 1099511627776;

/** `root + offset`; exact when computed without wrapping (each step checked against overflow). */
export class LinearForm {
  readonly root: AbstractValue;
  readonly offset: number;
  readonly exact: boolean;

  constructor(root: AbstractValue, offset: number, exact: boolean) {
    this.root = root;
    this.offset = offset;
    this.exact = exact;
  }
}

/** One operation's step, `x + c`, `c + x` or `x - c` as the form x + (c or -c) (exact if it is an `_ovf` operation), or null for another operation. */
function constantStep(o: Optimizer, op: ResOperation): LinearForm | null {
  if (op.args.length !== 2) return null;
  const name = RESOPS[op.opnum]!.name;
  const ovf = name === "int_add_ovf" || name === "int_sub_ovf";
  const add = name === "int_add" || name === "int_add_ovf";
  const sub = name === "int_sub" || name === "int_sub_ovf";
  if (!add && !sub) return null;
  const a = o.getBox(op.args[0]!);
  const b = o.getBox(op.args[1]!);
  if (b instanceof ConstInt) return new LinearForm(a, sub ? -b.value : b.value, ovf);
  if (add && a instanceof ConstInt) return new LinearForm(b, a.value, ovf);
  return null;
}

/** The form of an operation not emitted yet (its own step included, exact only if it is an `_ovf` operation), or null when it adds no constant. */
export function linearFormOfOp(o: Optimizer, op: ResOperation): LinearForm | null {
  const step = constantStep(o, op);
  if (step === null) return null;
  const inner = linearForm(o, step.root);
  const offset = inner.offset + step.offset;
  if (offset > MAX_OFFSET || offset < -MAX_OFFSET) return null;
  return new LinearForm(inner.root, offset, inner.exact && step.exact);
}

/** The form of a value: itself plus 0 when it adds no constant to another. */
export function linearForm(o: Optimizer, value: AbstractValue): LinearForm {
  let box = o.getBox(value);
  let offset = 0;
  let exact = true;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    // not into an opaque value: in the peeled loop, a label argument's preamble operation made only its first value
    const producer = o.producer(box);
    if (producer === null) break;
    const step = constantStep(o, producer);
    if (step === null) break;
    const next = offset + step.offset;
    if (next > MAX_OFFSET || next < -MAX_OFFSET) break;
    offset = next;
    exact = exact && step.exact;
    box = step.root;
  }
  return new LinearForm(box, offset, exact);
}

/** Whether two integers are the same ("same"), surely different ("different"), or either ("unknown"). */
export function compareInts(o: Optimizer, a: AbstractValue, b: AbstractValue): "same" | "different" | "unknown" {
  const x = o.getBox(a);
  const y = o.getBox(b);
  if (x === y) return "same";
  if (x instanceof ConstInt && y instanceof ConstInt) return x.value === y.value ? "same" : "different";
  const fx = linearForm(o, x);
  const fy = linearForm(o, y);
  if (fx.root !== fy.root) return "unknown";
  return fx.offset === fy.offset ? "same" : "different";
}
