/**
 * The flattened jitcode before register allocation (RPython's flatten.py SSARepr): a list of
 * labels and instructions whose register operands are symbolic registers (`Reg`: one per LL
 * variable of a kind, plus temporaries of the codewriter), in the order of the final code.
 * jtransform.ts makes the instructions of each LL operation, flatten.ts lays the blocks out,
 * liveness.ts computes what is live at each `live`, regalloc.ts numbers the registers.
 */

import type { Descr } from "../../runtime/jit/history.js";
import type { JitInsnName } from "../../runtime/jit/jitcode-insns.js";
import type { SiteDescr } from "../../runtime/jit/jitcode.js";
import type { RegKind } from "./assembler.js";

/** A symbolic register: `id` is unique in its jitcode; `hint` names it in errors. */
export class Reg {
  readonly kind: RegKind;
  readonly id: number;
  readonly hint: string;

  constructor(kind: RegKind, id: number, hint: string) {
    this.kind = kind;
    this.id = id;
    this.hint = hint;
  }
}

export type FlatConst = { readonly const: RegKind; readonly value: number; readonly name?: string };

/** A register operand: a symbolic register or a constant of the kind. */
export type FlatValue = Reg | FlatConst;

export type FlatArg =
  | FlatValue
  | { readonly small: number }
  | { readonly descr: Descr }
  | { readonly label: string }
  | { readonly list: RegKind; readonly items: readonly FlatValue[] }
  | { readonly switch: readonly { readonly value: number; readonly label: string }[] }
  /** The liveness set of a `live`, computed by liveness.ts. */
  | { readonly liveHere: true };

export interface FlatInsn {
  readonly insn: JitInsnName;
  readonly args: readonly FlatArg[];
  readonly result?: Reg;
  /** An inline call's position in the source (JitCode.callSiteAt): where the caller's frame is while the callee runs. */
  readonly site?: SiteDescr;
}

export type FlatLine = { readonly label: string } | FlatInsn;

export function isReg(arg: FlatArg): arg is Reg {
  return arg instanceof Reg;
}

/** The symbolic registers an instruction reads (list items included). */
export function usesOf(line: FlatInsn): Reg[] {
  const uses: Reg[] = [];
  for (const arg of line.args) {
    if (arg instanceof Reg) uses.push(arg);
    else if ("list" in arg) for (const item of arg.items) if (item instanceof Reg) uses.push(item);
  }
  return uses;
}

/** The labels an instruction may jump to (a switch's cases included). */
export function labelsOf(line: FlatInsn): string[] {
  const labels: string[] = [];
  for (const arg of line.args) {
    if (arg instanceof Reg) continue;
    if ("label" in arg) labels.push(arg.label);
    else if ("switch" in arg) for (const c of arg.switch) labels.push(c.label);
  }
  return labels;
}
