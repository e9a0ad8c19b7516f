/**
 * The registers of x86-64, as the numbers the encodings use (the manual's "register codes"):
 * RAX..R15 and XMM0..XMM15 are 0..15. Bit 3 of a number goes into a REX prefix bit (R, X or B),
 * bits 0-2 into the ModRM, SIB or opcode byte. General and XMM registers share the numbers; an
 * instruction form's operand kinds (`r` or `x` in its name) say which file a number names.
 *
 * RTS: module-level constants only, read by the assembler at run time.
 */

export const RAX = 0;
export const RCX = 1;
export const RDX = 2;
export const RBX = 3;
export const RSP = 4;
export const RBP = 5;
export const RSI = 6;
export const RDI = 7;
export const R8 = 8;
export const R9 = 9;
export const R10 = 10;
export const R11 = 11;
export const R12 = 12;
export const R13 = 13;
export const R14 = 14;
export const R15 = 15;

export const XMM0 = 0;
export const XMM1 = 1;
export const XMM2 = 2;
export const XMM3 = 3;
export const XMM4 = 4;
export const XMM5 = 5;
export const XMM6 = 6;
export const XMM7 = 7;
export const XMM8 = 8;
export const XMM9 = 9;
export const XMM10 = 10;
export const XMM11 = 11;
export const XMM12 = 12;
export const XMM13 = 13;
export const XMM14 = 14;
export const XMM15 = 15;

/** No register: the missing base or index of a memory operand. */
export const NO_REG = -1;
/** The instruction pointer, usable only as the base of a memory operand (rip-relative). */
export const RIP = 16;

/** Names of the general registers as 64-bit operands, by number. */
export const REG64_NAMES: readonly string[] = [
  "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
];
/** Names of the general registers as 32-bit operands, by number. */
export const REG32_NAMES: readonly string[] = [
  "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
  "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
];
/** Names of the general registers as 16-bit operands, by number. */
export const REG16_NAMES: readonly string[] = [
  "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
  "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
];
/**
 * Names of the general registers as 8-bit operands, by number. 4-7 are the low bytes of RSP..RDI
 * (SPL..DIL), which need a REX prefix; the assembler never encodes AH..BH.
 */
export const REG8_NAMES: readonly string[] = [
  "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
  "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
];
/** Names of the XMM registers, by number. */
export const XMM_NAMES: readonly string[] = [
  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
];
