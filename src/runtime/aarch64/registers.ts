/**
 * The registers of AArch64 (A64), as the numbers the assembler takes:
 *
 * - general registers X0..X30 are 0..30; register field value 31 means either the zero register
 *   or the stack pointer, depending on the instruction and operand (the manual's `<Xn>` versus
 *   `<Xn|SP>`), so the two get distinct numbers here: XZR is 31 and SP is 32. An operand that
 *   reads 31 as SP refuses XZR and the other way round (an AsmError), so neither is written by
 *   mistake for the other. W registers are the same numbers (a form's size says which).
 * - SIMD&FP registers V0..V31 (used as D or S) are 0..31; a form's operand kinds (`v`) say
 *   that a number names one of them.
 *
 * RTS: module-level constants only, read by the assembler at run time.
 */

export const X0 = 0;
export const X1 = 1;
export const X2 = 2;
export const X3 = 3;
export const X4 = 4;
export const X5 = 5;
export const X6 = 6;
export const X7 = 7;
export const X8 = 8;
export const X9 = 9;
export const X10 = 10;
export const X11 = 11;
export const X12 = 12;
export const X13 = 13;
export const X14 = 14;
export const X15 = 15;
export const X16 = 16;
export const X17 = 17;
export const X18 = 18;
export const X19 = 19;
export const X20 = 20;
export const X21 = 21;
export const X22 = 22;
export const X23 = 23;
export const X24 = 24;
export const X25 = 25;
export const X26 = 26;
export const X27 = 27;
export const X28 = 28;
export const X29 = 29;
export const X30 = 30;
/** The zero register: reads as 0, writes are discarded (field value 31 where the manual says `<Xn>`). */
export const XZR = 31;
/** The stack pointer (field value 31 where the manual says `<Xn|SP>`). */
export const SP = 32;

/** The AAPCS64 names: intra-procedure-call scratch registers, frame pointer, link register. */
export const IP0 = 16;
export const IP1 = 17;
export const FP = 29;
export const LR = 30;

export const D0 = 0;
export const D1 = 1;
export const D2 = 2;
export const D3 = 3;
export const D4 = 4;
export const D5 = 5;
export const D6 = 6;
export const D7 = 7;
export const D8 = 8;
export const D9 = 9;
export const D10 = 10;
export const D11 = 11;
export const D12 = 12;
export const D13 = 13;
export const D14 = 14;
export const D15 = 15;
export const D16 = 16;
export const D17 = 17;
export const D18 = 18;
export const D19 = 19;
export const D20 = 20;
export const D21 = 21;
export const D22 = 22;
export const D23 = 23;
export const D24 = 24;
export const D25 = 25;
export const D26 = 26;
export const D27 = 27;
export const D28 = 28;
export const D29 = 29;
export const D30 = 30;
export const D31 = 31;

/** Name of general register r (0-32) as a 64-bit operand, as GNU objdump prints it. */
export function xName(r: number): string {
  if (r === XZR) return "xzr";
  if (r === SP) return "sp";
  return `x${r}`;
}

/** Name of general register r (0-32) as a 32-bit operand. */
export function wName(r: number): string {
  if (r === XZR) return "wzr";
  if (r === SP) return "wsp";
  return `w${r}`;
}
