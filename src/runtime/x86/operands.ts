/**
 * Operands other than registers and immediates: memory operands (`Mem`) and labels (`Label`),
 * and the error every encoder throws (`AsmError`).
 *
 * A memory operand is one of the manual's addressing forms:
 *   - base + disp                  mem(RBP, -8)
 *   - base + index*scale + disp    memIndexed(RAX, RCX, 8, 16); the base may be NO_REG
 *   - rip + disp32                 memRip(disp): disp counts from the end of the instruction
 *   - rip + (label - end)          memRipLabel(label): patched when the label is bound
 *   - absolute disp32              memAbsolute(address), for addresses in [-2^31, 2^31)
 * Which ModRM/SIB bytes and displacement size encode it is the assembler's business.
 *
 * RTS: classes with number fields and module-level functions, used at run time by the JIT.
 */

import { NO_REG, RIP, RSP } from "./registers.js";

import { AsmError, Label } from "../asm/labels.js";

export { AsmError, Label };

/** A memory operand; build it with mem, memIndexed, memRip, memRipLabel or memAbsolute. */
export class Mem {
  /** A register, RIP, or NO_REG (absolute, or index*scale + disp32 alone). */
  base: number;
  /** A register other than RSP, or NO_REG. */
  index: number;
  /** 1, 2, 4 or 8. */
  scale: number;
  /** A signed 32-bit displacement (for memRipLabel: added to the label's offset). */
  disp: number;
  /** For memRipLabel: the label the displacement reaches. */
  label: Label | null;

  constructor(base: number, index: number, scale: number, disp: number, label: Label | null) {
    this.base = base;
    this.index = index;
    this.scale = scale;
    this.disp = disp;
    this.label = label;
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function checkDisp(disp: number): void {
  if (!(disp >= INT32_MIN && disp <= INT32_MAX) || Math.floor(disp) !== disp) {
    throw new AsmError(`displacement ${disp} is not a signed 32-bit integer`);
  }
}

function checkGeneral(reg: number, what: string): void {
  if (!(reg >= 0 && reg <= 15) || Math.floor(reg) !== reg) throw new AsmError(`${what} ${reg} is not a register (0-15)`);
}

/** [base + disp]. */
export function mem(base: number, disp: number): Mem {
  checkGeneral(base, "base");
  checkDisp(disp);
  return new Mem(base, NO_REG, 1, disp, null);
}

/** [base + index*scale + disp]; base may be NO_REG (then the displacement is always 32 bits). */
export function memIndexed(base: number, index: number, scale: number, disp: number): Mem {
  if (base !== NO_REG) checkGeneral(base, "base");
  checkGeneral(index, "index");
  if (index === RSP) throw new AsmError("RSP cannot be an index register");
  if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) throw new AsmError(`scale ${scale} is not 1, 2, 4 or 8`);
  checkDisp(disp);
  return new Mem(base, index, scale, disp, null);
}

/** [rip + disp]: disp counts from the end of the instruction, as the manual's disp32 does. */
export function memRip(disp: number): Mem {
  checkDisp(disp);
  return new Mem(RIP, NO_REG, 1, disp, null);
}

/** [rip + to label + disp]: the address of label (plus disp), from anywhere in the same code. */
export function memRipLabel(label: Label, disp: number = 0): Mem {
  checkDisp(disp);
  return new Mem(RIP, NO_REG, 1, disp, label);
}

/** [address]: an absolute address, encoded as a sign-extended disp32. */
export function memAbsolute(address: number): Mem {
  if (!(address >= INT32_MIN && address <= INT32_MAX)) {
    throw new AsmError(`absolute address ${address} does not fit a sign-extended disp32; load it into a register (MOV_ri64)`);
  }
  checkDisp(address);
  return new Mem(NO_REG, NO_REG, 1, address, null);
}
