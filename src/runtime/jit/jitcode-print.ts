/**
 * The text of jitcodes, in the spirit of RPython's jitcode dumps (`rts jitcodes`, logs):
 *
 *     jitcode f(%i0, %r0) -> i
 *     L1:
 *       -live- %i0, %r0
 *       goto_if_not_int_lt %i0, $10, L2
 *       int_add %i0, $1 -> %i0
 *       residual_call_ir_i $<g>, I[%i0], R[%r0], <CallDescr g> -> %i1
 *       goto L1
 *     L2:
 *       int_return %i0
 *
 * Registers are `%i0`, `%r1`, `%f2`; constants `$5`, `$1.5`, `$NULL`, or `$<name>` when the
 * constant names a function, class or prebuilt object; descriptors `<name>` (the codewriter names
 * them by what they are); labels `L1`, numbered by position. RTS.
 */

import { Descr } from "./history.js";
import { JITCODE_INSNS } from "./jitcode-insns.js";
import { JitCode, SiteDescr, SwitchDescr } from "./jitcode.js";

/** The text of one jitcode (each line ends with a newline). */
export function printJitCode(jitcode: JitCode): string {
  const labels = labelsOf(jitcode);
  let out = "jitcode " + jitcode.name + "(";
  for (let k = 0; k < jitcode.argKinds.length; k++) {
    if (k > 0) out += ", ";
    out += "%" + jitcode.argKinds.charAt(k) + jitcode.argRegs[k]!;
  }
  out += ") -> " + jitcode.resultKind + "\n";
  const code = jitcode.code;
  let pc = 0;
  while (pc < code.length) {
    const label = labels.get(pc);
    if (label !== undefined) out += "L" + label + ":\n";
    const info = JITCODE_INSNS[code[pc]!]!;
    let line = "  ";
    let next = pc + 1;
    if (info.name === "live") {
      line += "-live-" + liveText(jitcode, code[next]!);
      next++;
    } else {
      line += info.name;
      const ops = info.operands;
      for (let k = 0; k < ops.length; k++) {
        line += k === 0 ? " " : ", ";
        const c = ops.charAt(k);
        if (c === "I" || c === "R" || c === "F") {
          const kind = c.toLowerCase();
          const n = code[next]!;
          next++;
          line += c + "[";
          for (let m = 0; m < n; m++) {
            if (m > 0) line += ", ";
            line += operandText(jitcode, kind, code[next]!);
            next++;
          }
          line += "]";
        } else {
          line += codeText(jitcode, c, code[next]!, labels);
          next++;
        }
      }
      if (info.result !== "") {
        line += " -> " + operandText(jitcode, info.result, code[next]!);
        next++;
      }
    }
    out += line + "\n";
    pc = next;
  }
  return out;
}

/** The length in code elements of the instruction at pc (opcode, operands, result). */
export function insnLength(code: number[], pc: number): number {
  const info = JITCODE_INSNS[code[pc]!]!;
  let next = pc + 1;
  const ops = info.operands;
  for (let k = 0; k < ops.length; k++) {
    const c = ops.charAt(k);
    if (c === "I" || c === "R" || c === "F") next += code[next]! + 1;
    else next++;
  }
  if (info.result !== "") next++;
  return next - pc;
}

/** The label number of each pc some instruction jumps to (a switch's targets included), in order of pc. */
function labelsOf(jitcode: JitCode): Map<number, number> {
  const targets: number[] = [];
  const code = jitcode.code;
  let pc = 0;
  while (pc < code.length) {
    const info = JITCODE_INSNS[code[pc]!]!;
    let at = pc + 1;
    const ops = info.operands;
    for (let k = 0; k < ops.length; k++) {
      const c = ops.charAt(k);
      if (c === "L") targets.push(code[at]!);
      if (c === "d" && info.name === "switch") {
        const descr = jitcode.descrs[code[at]!]!;
        const found = descr instanceof SwitchDescr ? descr.targets : [];
        for (let m = 0; m < found.length; m++) targets.push(found[m]!);
      }
      if (c === "I" || c === "R" || c === "F") at += code[at]! + 1;
      else at++;
    }
    pc += insnLength(code, pc);
  }
  sortNumbers(targets);
  const labels = new Map<number, number>();
  for (let k = 0; k < targets.length; k++) if (!labels.has(targets[k]!)) labels.set(targets[k]!, labels.size + 1);
  return labels;
}

function liveText(jitcode: JitCode, index: number): string {
  const live = jitcode.liveness[index]!;
  let text = "";
  const parts: string[] = [];
  for (let k = 0; k < live.ints.length; k++) parts.push("%i" + live.ints[k]!);
  for (let k = 0; k < live.refs.length; k++) parts.push("%r" + live.refs[k]!);
  for (let k = 0; k < live.floats.length; k++) parts.push("%f" + live.floats[k]!);
  for (let k = 0; k < parts.length; k++) text += (k === 0 ? " " : ", ") + parts[k]!;
  return text;
}

function codeText(jitcode: JitCode, c: string, value: number, labels: Map<number, number>): string {
  if (c === "i" || c === "r" || c === "f") return operandText(jitcode, c, value);
  if (c === "c") return "" + value;
  if (c === "L") return "L" + labels.get(value)!;
  if (c === "d" || c === "j") return descrText(jitcode.descrs[value]!);
  return "?" + value;
}

function descrText(descr: Descr): string {
  if (descr instanceof JitCode) return "<JitCode " + descr.name + ">";
  if (descr instanceof SiteDescr) return "<Site " + descr.file + ":" + descr.line + ":" + descr.column + ">";
  return "<" + descr.name + ">";
}

/** A register (`%i3`) or a constant (`$5`, `$<name>`) of the kind. */
export function operandText(jitcode: JitCode, kind: string, n: number): string {
  const count = jitcode.numRegs(kind);
  if (n < count) return "%" + kind + n;
  const k = n - count;
  if (kind === "i") {
    const name = jitcode.constantNamesI[k]!;
    return name !== "" ? "$<" + name + ">" : "$" + jitcode.constantsI[k]!;
  }
  if (kind === "r") {
    const name = jitcode.constantNamesR[k]!;
    if (name !== "") return "$<" + name + ">";
    return jitcode.constantsR[k] === 0 ? "$NULL" : "$" + jitcode.constantsR[k]!;
  }
  return "$" + floatText(jitcode.constantsF[k]!);
}

function floatText(value: number): string {
  if (value !== value) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  const text = "" + value;
  return text.indexOf(".") >= 0 || text.indexOf("e") >= 0 ? text : text + ".0";
}

/** Sorts in place, ascending (insertion sort: a jitcode has few labels; RTS has no comparator closures). */
function sortNumbers(values: number[]): void {
  for (let k = 1; k < values.length; k++) {
    const v = values[k]!;
    let m = k - 1;
    while (m >= 0 && values[m]! > v) {
      values[m + 1] = values[m]!;
      m--;
    }
    values[m + 1] = v;
  }
}
