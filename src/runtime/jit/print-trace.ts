/**
 * Traces as text, in RPython's format (what its logger writes to PYPYLOG and tool/oparser.py
 * reads; src/jit/parse-trace.ts reads it back):
 *
 *     [i0, p1]
 *     label(i0, p1, descr=loop0)
 *     debug_merge_point(0, 0, 'loop at 3')
 *     i2 = int_add(i0, 1)
 *     i3 = int_lt(i2, 100)
 *     guard_true(i3, descr=<Guard0x0>) [i2, p1]
 *     jump(i2, p1, descr=loop0)
 *
 * A value is named by its kind (`i`, `p` for a reference, `f`) and its number. Constants: an
 * integer, a float (always with a `.`, an exponent, `nan` or `inf`), `ConstClass(name)` for a
 * named integer, `ConstPtr(name)` or `ConstPtr(address)`, `NULL`, and a quoted string (only in
 * debug_merge_point). A descriptor is shown by its name.
 *
 * RTS: logs print traces from the translated binary (issue 17).
 */

import { AbstractValue, ConstFloat, ConstInt, ConstPtr, ConstText, Descr, ResOperation, Trace } from "./history.js";
import { RESOPS } from "./resoperation.js";

/** The letter that names a value of the kind: `i`, `p`, `f` (RPython writes references `p`). */
export function kindLetter(kind: string): string {
  if (kind === "r") return "p";
  return kind;
}

/** How a value is written as an argument. */
export function valueText(value: AbstractValue): string {
  if (value instanceof ConstInt) {
    if (value.name !== "") return `ConstClass(${value.name})`;
    return String(value.value);
  }
  if (value instanceof ConstFloat) return floatText(value.value);
  if (value instanceof ConstPtr) {
    if (value.name !== "") return `ConstPtr(${value.name})`;
    if (value.value === 0) return "NULL";
    return `ConstPtr(${value.value})`;
  }
  if (value instanceof ConstText) return quoted(value.text);
  return `${kindLetter(value.kind)}${value.number}`;
}

/** A float so that it reads back as one: `1.0`, `-0.0`, `2.5e-8`, `nan`, `inf`, `-inf`. */
export function floatText(x: number): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0 && 1 / x < 0) return "-0.0";
  const text = String(x);
  if (text.indexOf(".") >= 0 || text.indexOf("e") >= 0) return text;
  return `${text}.0`;
}

/** A string in single quotes, with `\\`, `\'` and `\n` escaped. */
export function quoted(text: string): string {
  let out = "'";
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "\\") out += "\\\\";
    else if (c === "'") out += "\\'";
    else if (c === "\n") out += "\\n";
    else out += c;
  }
  return `${out}'`;
}

function valuesText(values: AbstractValue[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(valueText(values[i]!));
  return parts.join(", ");
}

function descrText(descr: Descr): string {
  return `descr=${descr.name}`;
}

/** One operation, as a line without its newline. */
export function operationText(op: ResOperation): string {
  const info = RESOPS[op.opnum]!;
  let args = valuesText(op.args);
  const descr = op.descr;
  if (descr !== null) args = args === "" ? descrText(descr) : `${args}, ${descrText(descr)}`;
  let line = `${info.name}(${args})`;
  if (info.result !== "n") line = `${kindLetter(op.kind)}${op.number} = ${line}`;
  const failArgs = op.failArgs;
  if (failArgs !== null) line = `${line} [${valuesText(failArgs)}]`;
  return line;
}

/** The whole trace: the input arguments on the first line, then one operation a line; ends with a newline. */
export function traceText(trace: Trace): string {
  const lines: string[] = [];
  const inputs: AbstractValue[] = [];
  for (let i = 0; i < trace.inputArgs.length; i++) inputs.push(trace.inputArgs[i]!);
  lines.push(`[${valuesText(inputs)}]`);
  for (let i = 0; i < trace.operations.length; i++) lines.push(operationText(trace.operations[i]!));
  return `${lines.join("\n")}\n`;
}
