/**
 * The assembler (RPython's codewriter/assembler.py): a flattened jitcode (a list of instructions
 * with symbolic operands and labels, flatten.ts) becomes a JitCode (src/runtime/jit/jitcode.ts):
 * opcodes and operands as numbers, constants in per-kind pools (each constant once), descriptors
 * in one list (each once, by identity), labels resolved to pcs, liveness sets in a list, the
 * sites of calls by the pc after them.
 *
 * Requires: registers already allocated (numbers per kind, below the counts given); every label
 * used is defined once; each instruction's operands match its table entry (checked here: a
 * mismatch is a bug of the codewriter and throws an internal error naming the instruction).
 */

import type { Descr } from "../../runtime/jit/history.js";
import { JITCODE_INSN_TABLE, jop, type JitInsnName } from "../../runtime/jit/jitcode-insns.js";
import { JitCode, LiveVars, SwitchDescr, type SiteDescr } from "../../runtime/jit/jitcode.js";

export type RegKind = "i" | "r" | "f";

/** The argument kinds of a call instruction (RPython's: `r` only references, `ir`, `irf`). */
export type AsmArgKinds = "r" | "ir" | "irf";

/** An operand of a flattened instruction. */
export type AsmOperand =
  | { readonly reg: RegKind; readonly n: number }
  | { readonly const: RegKind; readonly value: number; readonly name?: string }
  | { readonly small: number }
  | { readonly descr: Descr }
  | { readonly label: string }
  | { readonly list: RegKind; readonly items: readonly AsmOperand[] }
  | { readonly live: LiveVars }
  /** A switch: its cases' values and labels (a SwitchDescr once the labels are known). */
  | { readonly switch: readonly { readonly value: number; readonly label: string }[] };

export type AsmLine =
  | { readonly label: string }
  | { readonly insn: JitInsnName; readonly args: readonly AsmOperand[]; readonly result?: { readonly reg: RegKind; readonly n: number }; readonly site?: SiteDescr };

export interface AsmFunction {
  readonly name: string;
  readonly lines: readonly AsmLine[];
  readonly numRegs: Readonly<Record<RegKind, number>>;
  readonly argKinds: string;
  readonly argRegs: readonly number[];
  readonly resultKind: "i" | "r" | "f" | "v";
}

/**
 * Assembles into jitcode (made before, so that callers' inline_call can name it while callees are
 * still being assembled: jitcodes refer to each other).
 */
export function assemble(fn: AsmFunction, jitcode: JitCode = new JitCode(fn.name)): JitCode {
  jitcode.numRegsI = fn.numRegs.i;
  jitcode.numRegsR = fn.numRegs.r;
  jitcode.numRegsF = fn.numRegs.f;
  jitcode.argKinds = fn.argKinds;
  jitcode.argRegs = [...fn.argRegs];
  jitcode.resultKind = fn.resultKind;
  const constantIndex = new Map<string, number>();
  const descrIndex = new Map<Descr, number>();
  const code: number[] = [];
  const labelPcs = new Map<string, number>();
  const fixups: { at: number; label: string }[] = [];
  const switches: { descr: SwitchDescr; cases: readonly { value: number; label: string }[] }[] = [];

  const constant = (kind: RegKind, value: number, name: string): number => {
    const key = `${kind}:${Object.is(value, -0) ? "-0" : value}:${name}`;
    let k = constantIndex.get(key);
    if (k === undefined) {
      const pool = kind === "i" ? jitcode.constantsI : kind === "r" ? jitcode.constantsR : jitcode.constantsF;
      k = pool.length;
      pool.push(value);
      if (kind === "i") jitcode.constantNamesI.push(name);
      if (kind === "r") jitcode.constantNamesR.push(name);
      constantIndex.set(key, k);
    }
    return fn.numRegs[kind] + k;
  };
  const descr = (d: Descr): number => {
    let k = descrIndex.get(d);
    if (k === undefined) {
      k = jitcode.descrs.length;
      jitcode.descrs.push(d);
      descrIndex.set(d, k);
    }
    return k;
  };
  const register = (kind: RegKind, operand: AsmOperand, where: string): number => {
    if ("reg" in operand && operand.reg === kind) {
      if (operand.n >= fn.numRegs[kind]) throw new Error(`internal error: ${where}: register %${kind}${operand.n} past the count ${fn.numRegs[kind]}`);
      return operand.n;
    }
    if ("const" in operand && operand.const === kind) return constant(kind, operand.value, operand.name ?? "");
    throw new Error(`internal error: ${where}: expected a ${kind} register or constant, got ${JSON.stringify(operand)}`);
  };

  for (const line of fn.lines) {
    if ("label" in line) {
      if (labelPcs.has(line.label)) throw new Error(`internal error: ${fn.name}: label ${line.label} defined twice`);
      labelPcs.set(line.label, code.length);
      continue;
    }
    const entry = JITCODE_INSN_TABLE[line.insn];
    const where = `${fn.name}: ${line.insn}`;
    if (entry.operands.length !== line.args.length) throw new Error(`internal error: ${where}: ${line.args.length} operands for '${entry.operands}'`);
    code.push(jop[line.insn]);
    for (let k = 0; k < line.args.length; k++) {
      const c = entry.operands[k]!;
      const operand = line.args[k]!;
      if (c === "i" || c === "r" || c === "f") code.push(register(c, operand, where));
      else if (c === "I" || c === "R" || c === "F") {
        const kind = c.toLowerCase() as RegKind;
        if (!("list" in operand) || operand.list !== kind) throw new Error(`internal error: ${where}: expected a list of ${kind}`);
        code.push(operand.items.length);
        for (const item of operand.items) code.push(register(kind, item, where));
      } else if (c === "c") {
        if (!("small" in operand)) throw new Error(`internal error: ${where}: expected a small integer`);
        code.push(operand.small);
      } else if (c === "d" || c === "j") {
        if ("switch" in operand) {
          const sw = new SwitchDescr(`SwitchDescr ${operand.switch.map((s) => s.value).join(",")}`, [], []);
          switches.push({ descr: sw, cases: operand.switch });
          code.push(descr(sw));
        } else if ("descr" in operand) code.push(descr(operand.descr));
        else throw new Error(`internal error: ${where}: expected a descriptor`);
      } else if (c === "L") {
        if (!("label" in operand)) throw new Error(`internal error: ${where}: expected a label`);
        fixups.push({ at: code.length, label: operand.label });
        code.push(-1);
      } else if (c === "l") {
        if (!("live" in operand)) throw new Error(`internal error: ${where}: expected a liveness set`);
        code.push(jitcode.liveness.length);
        jitcode.liveness.push(operand.live);
      } else throw new Error(`internal error: ${where}: unknown operand code ${c}`);
    }
    if (entry.result !== "") {
      if (!line.result) throw new Error(`internal error: ${where}: no result register`);
      code.push(register(entry.result as RegKind, line.result, where));
    } else if (line.result) throw new Error(`internal error: ${where}: has no result`);
    if (line.site) {
      jitcode.callSitePcs.push(code.length);
      jitcode.callSites.push(line.site);
    }
  }
  const pcOf = (label: string): number => {
    const pc = labelPcs.get(label);
    if (pc === undefined) throw new Error(`internal error: ${fn.name}: label ${label} is not defined`);
    return pc;
  };
  for (const fixup of fixups) code[fixup.at] = pcOf(fixup.label);
  for (const { descr: sw, cases } of switches) {
    for (const c of cases) {
      sw.values.push(c.value);
      sw.targets.push(pcOf(c.label));
    }
  }
  jitcode.code = code;
  return jitcode;
}
