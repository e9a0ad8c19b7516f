// Traces as lines of words, for tests/jit/fixtures/trace-backend-batch.ts (an RTS program, which
// cannot use the toolchain's trace parser): the same traces compiled by the translated backend.
//
//   trace                                 a trace starts
//   in i0 f1 p2                           its input arguments (the letter is the kind)
//   op <name> <result|-> <descr> <args...> [| <fail args...>]
//   end
//
// A value is its name (`i3`, `f3`, `p3`), an integer constant `#n`, a reference constant `@n`, a
// float constant `~high:low` (its two 32-bit words: -0.0 and the bits of a NaN kept). A descriptor is `-`, `t:<name>` (a
// target token), `g:<name>` (a fail descriptor), `e:<name>` (a final descriptor), `f:<offset>:
// <size>:<kind>:<signed>` (a field), `a:<base>:<item size>:<length offset>:<kind>:<signed>` (an
// array); descriptors with the same text are one.

import { floatHighWord, floatLowWord } from "../../../src/lib/float-bits.ts";
import { type AbstractValue, ArrayDescr, ConstFloat, ConstInt, ConstPtr, ConstText, type Descr, FailDescr, FieldDescr, FinalDescr, TargetToken, type Trace } from "../../../src/runtime/jit/history.ts";

function value(a: AbstractValue): string {
  if (a instanceof ConstInt) return `#${a.value}`;
  if (a instanceof ConstPtr) return `@${a.value}`;
  if (a instanceof ConstFloat) return `~${floatHighWord(a.value)}:${floatLowWord(a.value)}`;
  if (a instanceof ConstText) return "#0";
  return `${a.kind === "r" ? "p" : a.kind}${a.number}`;
}

function descr(d: Descr | null): string {
  if (d === null) return "-";
  if (d instanceof TargetToken) return `t:${d.name}`;
  if (d instanceof FailDescr) return `g:${d.name}`;
  if (d instanceof FinalDescr) return `e:${d.name}`;
  if (d instanceof FieldDescr) return `f:${d.offset}:${d.size}:${d.kind}:${d.signed ? 1 : 0}`;
  if (d instanceof ArrayDescr) return `a:${d.baseOffset}:${d.itemSize}:${d.lengthOffset}:${d.itemKind}:${d.signed ? 1 : 0}`;
  throw new Error(`no serialized form for descriptor ${d.name}`);
}

export function serializeTrace(trace: Trace): string {
  const lines = ["trace", `in ${trace.inputArgs.map(value).join(" ")}`.trimEnd()];
  for (const op of trace.operations) {
    const words = ["op", op.name(), op.kind === "n" ? "-" : value(op), descr(op.descr).replace(/\s/g, "_"), ...op.args.map(value)];
    if (op.failArgs !== null) words.push("|", ...op.failArgs.map(value));
    lines.push(words.join(" "));
  }
  lines.push("end");
  return lines.join("\n") + "\n";
}

/** The checksum trace-backend-batch.ts prints for code (the same function, in both worlds). */
export function codeChecksum(code: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < code.length; i++) sum = (sum * 31 + code[i]! + i) % 1000000007;
  return sum;
}
