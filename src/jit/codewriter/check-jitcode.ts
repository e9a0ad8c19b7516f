/**
 * The checker of the codewriter's output (as regalloc2's checker.rs checks an allocation): a
 * JitCode is decoded from its numbers alone and held to the format's invariants:
 *
 * - the instructions decode end to end, and the last one does not fall off the end;
 * - every register operand is below the frame size of its kind, and no result is a constant;
 * - every label and switch target is the start of an instruction;
 * - every descriptor operand is of the class its instruction reads;
 * - liveness, recomputed on the numbered registers: every register some path from a `live` may
 *   read before writing it is in that `live`'s set (what resume saves is enough to go on).
 *
 * Gives the first problem as a sentence naming the jitcode and pc, "" when there is none.
 */

import { ArrayDescr, CallDescr, FieldDescr, SizeDescr, type Descr } from "../../runtime/jit/history.js";
import { JITCODE_INSNS, type JitInsnInfo } from "../../runtime/jit/jitcode-insns.js";
import { JitCode, JitDriverDescr, SiteDescr, SwitchDescr } from "../../runtime/jit/jitcode.js";

interface Decoded {
  readonly pc: number;
  readonly info: JitInsnInfo;
  /** Registers read and written, as `i3`, `r0`. */
  readonly uses: string[];
  readonly def: string | undefined;
  readonly targets: number[];
  readonly next: number;
}

/** The descriptor class each instruction's `d` operand must be, by name. */
function expectedDescr(name: string): { what: string; test: (d: Descr) => boolean } {
  if (/^(get|set)field_/.test(name)) return { what: "a field descriptor", test: (d) => d instanceof FieldDescr };
  if (/^(get|set)arrayitem_|^arraylen_gc$|^str|^new_array_clear$|^newstr$|^raw_(load|store)_/.test(name)) return { what: "an array descriptor", test: (d) => d instanceof ArrayDescr };
  if (name === "new" || name === "new_with_vtable") return { what: "a size descriptor", test: (d) => d instanceof SizeDescr };
  if (name.startsWith("residual_call_")) return { what: "a call descriptor", test: (d) => d instanceof CallDescr };
  if (name === "switch") return { what: "a switch descriptor", test: (d) => d instanceof SwitchDescr };
  if (name === "jit_merge_point" || name === "loop_header") return { what: "a driver descriptor", test: (d) => d instanceof JitDriverDescr };
  return { what: "a site descriptor", test: (d) => d instanceof SiteDescr };
}

export function checkJitCode(jitcode: JitCode): string {
  const code = jitcode.code;
  const decoded: Decoded[] = [];
  const starts = new Set<number>();
  let pc = 0;
  while (pc < code.length) {
    const where = `${jitcode.name} at pc ${pc}`;
    const info = JITCODE_INSNS[code[pc]!];
    if (!info) return `${where}: no instruction has the opcode ${code[pc]}`;
    starts.add(pc);
    const uses: string[] = [];
    const targets: number[] = [];
    let at = pc + 1;
    const register = (kind: string, n: number | undefined): string => {
      if (n === undefined) return `${where}: ${info.name} ends past the code`;
      if (n < 0 || n >= jitcode.frameSize(kind)) return `${where}: ${info.name}: %${kind}${n} is past the ${kind} registers and constants (${jitcode.frameSize(kind)})`;
      uses.push(`${kind}${n}`);
      return "";
    };
    for (const c of info.operands) {
      const value = code[at];
      if (value === undefined) return `${where}: ${info.name} ends past the code`;
      if (c === "i" || c === "r" || c === "f") {
        const problem = register(c, value);
        if (problem) return problem;
        at++;
      } else if (c === "I" || c === "R" || c === "F") {
        for (let k = 1; k <= value; k++) {
          const problem = register(c.toLowerCase(), code[at + k]);
          if (problem) return problem;
        }
        at += value + 1;
      } else if (c === "L") {
        targets.push(value);
        at++;
      } else if (c === "d" || c === "j") {
        const d = jitcode.descrs[value];
        if (!d) return `${where}: ${info.name}: no descriptor ${value}`;
        if (c === "j" && !(d instanceof JitCode)) return `${where}: ${info.name}: descriptor ${value} is no jitcode`;
        if (c === "d") {
          const expected = expectedDescr(info.name);
          if (!expected.test(d)) return `${where}: ${info.name}: ${d.name} is not ${expected.what}`;
          if (d instanceof SwitchDescr) targets.push(...d.targets);
        }
        at++;
      } else if (c === "l") {
        if (!jitcode.liveness[value]) return `${where}: live: no liveness set ${value}`;
        at++;
      } else at++;
    }
    let def: string | undefined;
    if (info.result !== "") {
      const n = code[at];
      if (n === undefined) return `${where}: ${info.name} ends past the code`;
      if (n < 0 || n >= jitcode.numRegs(info.result)) return `${where}: ${info.name} writes %${info.result}${n}, which is no register`;
      def = `${info.result}${n}`;
      at++;
    }
    decoded.push({ pc, info, uses, def, targets, next: at });
    pc = at;
  }
  const last = decoded[decoded.length - 1];
  if (!last || !last.info.final) return `${jitcode.name}: the code ends without a return, raise or goto`;
  const index = new Map<number, number>();
  decoded.forEach((d, k) => index.set(d.pc, k));
  for (const d of decoded) for (const t of d.targets) if (!starts.has(t)) return `${jitcode.name} at pc ${d.pc}: ${d.info.name} jumps to pc ${t}, which starts no instruction`;

  // liveness on the numbered registers
  const liveIn: Set<string>[] = decoded.map(() => new Set());
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = decoded.length - 1; k >= 0; k--) {
      const d = decoded[k]!;
      const out = new Set<string>();
      const successors = d.targets.map((t) => index.get(t)!);
      if (!d.info.final && k + 1 < decoded.length) successors.push(k + 1);
      for (const s of successors) for (const r of liveIn[s]!) out.add(r);
      if (d.def) out.delete(d.def);
      for (const r of d.uses) out.add(r);
      if (out.size !== liveIn[k]!.size) {
        liveIn[k] = out;
        changed = true;
      }
    }
  }
  for (let k = 0; k < decoded.length; k++) {
    const d = decoded[k]!;
    if (d.info.name !== "live") continue;
    const set = jitcode.liveness[code[d.pc + 1]!]!;
    const saved = new Set([...set.ints.map((n) => `i${n}`), ...set.refs.map((n) => `r${n}`), ...set.floats.map((n) => `f${n}`)]);
    for (const r of liveIn[k]!) {
      // constants need no saving
      if (Number(r.slice(1)) >= jitcode.numRegs(r[0]!)) continue;
      if (!saved.has(r)) return `${jitcode.name} at pc ${d.pc}: %${r} is read later but is not in the -live- set`;
    }
  }
  return "";
}
