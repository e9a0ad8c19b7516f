/**
 * The consistency check of a trace (RPython's TreeLoop.check_consistency in history.py): what
 * the meta-interpreter records and each optimizer pass gives must be a well-formed trace before
 * anything runs it. RTS (the runtime checks its own traces in debug builds later).
 *
 * A trace is consistent when: every value is defined once (input arguments, then operations with
 * a result), before any operation that takes it; each operation has the table's number of
 * arguments, of the table's kinds (`.`: a store's value of its descriptor's kind, guard_value's
 * two arguments of one kind), the kind of descriptor the table says (or none), and a string only
 * in debug_merge_point; guards, and only guards, have fail arguments, all defined; and a jump to a
 * label of the same trace passes as many values, of the same kinds, as the label takes.
 */

import { type AbstractValue, ArrayDescr, CallDescr, Const, ConstText, Descr, FailDescr, FieldDescr, FinalDescr, ResOperation, SizeDescr, TargetToken, Trace } from "./history.js";
import { RESOPS } from "./resoperation.js";
import { valueText } from "./print-trace.js";

/** The first inconsistency of the trace, as a sentence naming the operation; "" when there is none. */
export function checkTrace(trace: Trace): string {
  const defined = new Set<AbstractValue>();
  const names = new Set<string>();
  for (let i = 0; i < trace.inputArgs.length; i++) {
    const arg = trace.inputArgs[i]!;
    const name = valueText(arg);
    if (names.has(name)) return `input argument ${name} is defined twice`;
    if (arg.kind === "n") return `input argument ${name} has no kind`;
    names.add(name);
    defined.add(arg);
  }
  for (let i = 0; i < trace.operations.length; i++) {
    const op = trace.operations[i]!;
    const problem = checkOperation(trace, op, defined);
    if (problem !== "") return `operation ${i} (${op.name()}): ${problem}`;
    if (op.kind !== "n") {
      const name = valueText(op);
      if (names.has(name)) return `operation ${i} (${op.name()}): its result ${name} is defined twice`;
      names.add(name);
      defined.add(op);
    }
  }
  return "";
}

function checkOperation(trace: Trace, op: ResOperation, defined: Set<AbstractValue>): string {
  const info = RESOPS[op.opnum]!;
  if (info.arity >= 0 && op.args.length !== info.arity) return `takes ${info.arity} arguments, has ${op.args.length}`;
  for (let k = 0; k < op.args.length; k++) {
    const arg = op.args[k]!;
    const problem = checkUse(arg, defined);
    if (problem !== "") return `argument ${k + 1}: ${problem}`;
    if (arg instanceof ConstText) {
      if (info.name !== "debug_merge_point") return `argument ${k + 1} is a string, which only debug_merge_point takes`;
      continue;
    }
    if (info.arity < 0) continue;
    let want = info.args.charAt(k);
    if (want === ".") want = info.name === "guard_value" ? op.args[0]!.kind : storedKind(op.descr);
    if (want !== "" && arg.kind !== want) return `argument ${k + 1} (${valueText(arg)}) is of kind ${arg.kind}, the operation takes ${want}`;
  }
  const descrProblem = checkDescr(info.descr, op.descr);
  if (descrProblem !== "") return descrProblem;
  const failArgs = op.failArgs;
  if (info.guard) {
    if (failArgs === null) return "a guard without fail arguments";
    for (let k = 0; k < failArgs.length; k++) {
      const problem = checkUse(failArgs[k]!, defined);
      if (problem !== "") return `fail argument ${k + 1}: ${problem}`;
    }
  } else if (failArgs !== null) {
    return "fail arguments on an operation that is not a guard";
  }
  if (info.name === "jump") return checkJump(trace, op);
  return "";
}

/** A value an operation uses: a constant, or a value defined before it. */
function checkUse(value: AbstractValue, defined: Set<AbstractValue>): string {
  if (value instanceof Const) return "";
  if (value.kind === "n") return "an operation without result is no value";
  if (!defined.has(value)) return `${valueText(value)} is not defined before it`;
  return "";
}

/** The kind a store's value must have: its field's or its array item's. */
function storedKind(descr: Descr | null): string {
  if (descr === null) return "";
  if (descr instanceof FieldDescr) return descr.kind;
  if (descr instanceof ArrayDescr) return descr.itemKind;
  return "";
}

function checkDescr(want: string, descr: Descr | null): string {
  if (want === "none") return descr === null ? "" : `takes no descriptor, has ${descr.name}`;
  if (descr === null) return `needs a ${want} descriptor`;
  let ok = false;
  if (want === "field") ok = descr instanceof FieldDescr;
  else if (want === "array") ok = descr instanceof ArrayDescr;
  else if (want === "size") ok = descr instanceof SizeDescr;
  else if (want === "call") ok = descr instanceof CallDescr;
  else if (want === "fail") ok = descr instanceof FailDescr;
  else if (want === "target") ok = descr instanceof TargetToken;
  else if (want === "final") ok = descr instanceof FinalDescr;
  return ok ? "" : `needs a ${want} descriptor, has ${descr.name}`;
}

/** A jump to a label of this trace passes its values; one to another trace's label is that trace's business. */
function checkJump(trace: Trace, jump: ResOperation): string {
  for (let i = 0; i < trace.operations.length; i++) {
    const label = trace.operations[i]!;
    if (label.descr !== jump.descr || RESOPS[label.opnum]!.name !== "label") continue;
    if (label.args.length !== jump.args.length) return `passes ${jump.args.length} values to a label that takes ${label.args.length}`;
    for (let k = 0; k < jump.args.length; k++) {
      if (jump.args[k]!.kind !== label.args[k]!.kind) return `value ${k + 1} is of kind ${jump.args[k]!.kind}, the label takes ${label.args[k]!.kind}`;
    }
  }
  return "";
}
