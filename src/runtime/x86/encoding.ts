/**
 * Instruction forms and their encodings, read from the Intel manual's notation (the opcode and
 * instruction columns of its tables) at import time. instructions.ts holds the table itself; this
 * file says what the notation means and turns each line into an `Encoding` of plain numbers that
 * the assembler (run time, RTS) reads without looking at strings again.
 *
 * A form is named as in PyPy's rx86, by mnemonic and operand kinds: `ADD_ri` (register,
 * immediate), `MOVSD_xm` (xmm register, memory), `SAR_rcl` (register, implicit CL), `Jcc_l`
 * (label). Kinds: r general register, x xmm register, m memory operand (any addressing form), i
 * immediate, l label, cl the implicit CL; a number after a kind (`MOV_ri64`, `JMP_l8`) only
 * tells apart forms of one mnemonic. A number after the mnemonic (`MOV32_mr`, `MOVZX8_rm`) is the
 * operand size when it is not 64 bits.
 *
 * Each form has one or more alternative encodings, given as pairs of columns:
 *
 *   opcode column    [66|F2|F3] [REX.W] bytes... [/r | /0-/7] [ib|iw|id|io] [cb|cd]
 *                    a byte may be `B8+r` (register in the low 3 bits, `+rb/+rw/+rd/+rq` too)
 *                    or `70+cc` (condition code in the low 4 bits; only in families)
 *   instruction      MNEMONIC op, op, ...   with the manual's operand words: r8..r64, r/m8..r/m64,
 *                    m, m32, m64, m128, xmm (or xmm1, xmm2), xmm/m32, xmm/m64, xmm/m128,
 *                    imm8..imm64, rel8, rel32, and the fixed operands AL, AX, EAX, RAX, CL, 1.
 *
 * The instruction column's operands line up with the form name's kinds. The assembler takes the
 * first alternative that can encode the operands: an immediate in the alternative's range, a
 * fixed operand (`ADD RAX, imm32`, `SHL r/m64, 1`) equal to its value, a label within reach of
 * the rel8 form. So `ADD_ri` is `83 /0 ib` for a small immediate, `05 id` for RAX, `81 /0 id`
 * otherwise, which is also GNU as's choice.
 *
 * The range of an immediate: an immN narrower than the operand size is sign-extended, so it
 * holds [-2^(N-1), 2^(N-1)); one as wide as the operand holds any N-bit pattern,
 * [-2^(N-1), 2^N), except in a 32-bit alternative of a 64-bit form (`MOV r32, imm32` in MOV_ri)
 * where the result is zero-extended: [0, 2^32). imm64 holds every RTS integer. A shift count
 * is in [0, operand size).
 */

/** The kinds of operand lists, one assembler method each (named like the shape). */
export const SHAPE_NONE = 0;
export const SHAPE_R = 1;
export const SHAPE_M = 2;
export const SHAPE_RR = 3;
export const SHAPE_RI = 4;
export const SHAPE_RM = 5;
export const SHAPE_MR = 6;
export const SHAPE_MI = 7;
export const SHAPE_RRI = 8;
export const SHAPE_RMI = 9;
export const SHAPE_L = 10;
/** The assembler method of each shape (`x` operands count as `r`). */
export const SHAPE_NAMES: readonly string[] = ["none", "r", "m", "rr", "ri", "rm", "mr", "mi", "rri", "rmi", "l"];

/** Encoding.modrm: no ModRM byte. */
export const MODRM_NONE = -1;
/** Encoding.modrm: `/r`, the ModRM reg field holds a register operand (0-7 are `/digit`). */
export const MODRM_REG = 8;

/** The condition codes, in the encoding's order (the low 4 bits of Jcc, SETcc and CMOVcc). */
export const CC_O = 0;
export const CC_NO = 1;
export const CC_B = 2;
export const CC_AE = 3;
export const CC_E = 4;
export const CC_NE = 5;
export const CC_BE = 6;
export const CC_A = 7;
export const CC_S = 8;
export const CC_NS = 9;
export const CC_P = 10;
export const CC_NP = 11;
export const CC_L = 12;
export const CC_GE = 13;
export const CC_LE = 14;
export const CC_G = 15;
/** Condition names as mnemonic suffixes, by code (GNU objdump's choice among the aliases). */
export const CC_NAMES: readonly string[] = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];

/** The condition that holds exactly when cc does not (flipping bit 0 is the manual's rule). */
export function invertCondition(cc: number): number {
  return cc ^ 1;
}

/** One way to encode a form: the numbers the assembler needs, and the columns it came from. */
export class Encoding {
  /** A mandatory prefix byte (0x66, 0xF2, 0xF3) written before any REX, or 0. */
  prefix: number;
  /** REX.W: 64-bit operand size. */
  rexW: boolean;
  /** The opcode bytes; with plusReg, the last one gets the register's low 3 bits added. */
  opcode: number[];
  /** `+r`: operand regOperand is encoded in the last opcode byte (and REX.B). */
  plusReg: boolean;
  /** MODRM_NONE, a `/digit` (0-7), or MODRM_REG (`/r`). */
  modrm: number;
  /** The operand in the ModRM reg field (with `/r`) or the opcode (with `+r`), or -1. */
  regOperand: number;
  /** The operand in the ModRM r/m field (a register or a memory operand), or -1. */
  rmOperand: number;
  /** The reg-field operand is an 8-bit register: SPL, BPL, SIL, DIL then need a REX prefix. */
  regIsByte: boolean;
  /** The r/m operand is an 8-bit register (same rule). */
  rmIsByte: boolean;
  /** Bytes of immediate after the ModRM bytes: 0, 1, 2, 4 or 8. */
  immSize: number;
  /** The immediates this alternative can encode (see the file comment). */
  immMin: number;
  immMax: number;
  /** Bytes of relative target (`cb` 1, `cd` 4), or 0. */
  relSize: number;
  /** An operand this alternative fixes (RAX in `ADD RAX, imm32`, 1 in `SHL r/m64, 1`), or -1. */
  fixedOperand: number;
  /** The fixed operand's value: a register number, or the immediate. */
  fixedValue: number;
  /** The fixed operand is the immediate (else a register). */
  fixedIsImm: boolean;
  /** Operand size in bits of the general-register operands (the destination's), 0 if none. */
  size: number;
  /** The mnemonic, conditions filled in (`JE`). */
  mnemonic: string;
  /** The instruction column's operand words (`r/m64`, `imm8`, `RAX`, ...). */
  operands: string[];
  /** The two columns as written (with the condition filled in). */
  opcodeText: string;
  instructionText: string;

  constructor() {
    this.prefix = 0;
    this.rexW = false;
    this.opcode = [];
    this.plusReg = false;
    this.modrm = MODRM_NONE;
    this.regOperand = -1;
    this.rmOperand = -1;
    this.regIsByte = false;
    this.rmIsByte = false;
    this.immSize = 0;
    this.immMin = 0;
    this.immMax = 0;
    this.relSize = 0;
    this.fixedOperand = -1;
    this.fixedValue = 0;
    this.fixedIsImm = false;
    this.size = 0;
    this.mnemonic = "";
    this.operands = [];
    this.opcodeText = "";
    this.instructionText = "";
  }
}

/** An instruction form: a name with operand kinds, and its alternative encodings (tried in order). */
export class Form {
  name: string;
  /** SHAPE_*: which assembler method takes it. */
  shape: number;
  /** The operand kinds of the name, `cl` included (`["r", "cl"]`). */
  kinds: string[];
  /** The condition code of a family member (`JE_l` in Jcc_l), or -1. */
  cc: number;
  encodings: Encoding[];

  constructor(name: string, shape: number, kinds: string[], cc: number, encodings: Encoding[]) {
    this.name = name;
    this.shape = shape;
    this.kinds = kinds;
    this.cc = cc;
    this.encodings = encodings;
  }
}

// ---------------------------------------------------------------------------------------------
// Import time: reading the notation. Everything below runs on Node before translation starts.

const SHAPES_BY_KINDS: Record<string, number> = {
  "": SHAPE_NONE,
  r: SHAPE_R,
  x: SHAPE_R,
  m: SHAPE_M,
  rr: SHAPE_RR,
  xx: SHAPE_RR,
  xr: SHAPE_RR,
  rx: SHAPE_RR,
  ri: SHAPE_RI,
  rm: SHAPE_RM,
  xm: SHAPE_RM,
  mr: SHAPE_MR,
  mx: SHAPE_MR,
  mi: SHAPE_MI,
  rri: SHAPE_RRI,
  xxi: SHAPE_RRI,
  rmi: SHAPE_RMI,
  xmi: SHAPE_RMI,
  l: SHAPE_L,
};

const FIXED_REGISTERS: Record<string, [number, number]> = { AL: [0, 8], AX: [0, 16], EAX: [0, 32], RAX: [0, 64] };

/** Where an instruction-column operand goes. */
type Slot = "reg" | "rm" | "imm" | "rel" | "fixedReg" | "fixedImm" | "implicit";

interface OperandWord {
  slot: Slot;
  /** The kinds of the form name it may stand for. */
  kinds: string[];
  /** Bits of a general register operand (or of a fixed register), 0 otherwise. */
  size: number;
  /** Bits of an immediate or a relative target. */
  width: number;
  fixed: number;
}

function operandWord(word: string, where: string): OperandWord {
  let match: RegExpExecArray | null;
  const word_ = (slot: Slot, kinds: string[], size = 0, width = 0, fixed = 0): OperandWord => ({ slot, kinds, size, width, fixed });
  if ((match = /^r(8|16|32|64)$/.exec(word))) return word_("reg", ["r"], Number(match[1]));
  if ((match = /^r\/m(8|16|32|64)$/.exec(word))) return word_("rm", ["r", "m"], Number(match[1]));
  if (/^m(8|16|32|64|128)?$/.test(word)) return word_("rm", ["m"]);
  if (/^xmm[12]?$/.test(word)) return word_("reg", ["x"]);
  if (/^xmm[12]?\/m(32|64|128)$/.test(word)) return word_("rm", ["x", "m"]);
  if ((match = /^imm(8|16|32|64)$/.exec(word))) return word_("imm", ["i"], 0, Number(match[1]));
  if ((match = /^rel(8|32)$/.exec(word))) return word_("rel", ["l"], 0, Number(match[1]));
  if (word in FIXED_REGISTERS) {
    const [register, size] = FIXED_REGISTERS[word]!;
    return word_("fixedReg", ["r"], size, 0, register);
  }
  if (word === "1") return word_("fixedImm", ["i"], 0, 0, 1);
  if (word === "CL") return word_("implicit", ["cl"]);
  throw new Error(`${where}: unknown operand word '${word}'`);
}

const IMM_SIZES: Record<string, number> = { ib: 1, iw: 2, id: 4, io: 8 };
const REL_SIZES: Record<string, number> = { cb: 1, cd: 4 };

/**
 * Reads one alternative: the opcode column and the instruction column, for a form whose name
 * has the given operand kinds; cc is the condition of a family member, or -1.
 */
function readEncoding(name: string, kinds: string[], opcodeText: string, instructionText: string, cc: number): Encoding {
  const where = `${name}: '${opcodeText}' '${instructionText}'`;
  const enc = new Encoding();
  const ccName = cc >= 0 ? CC_NAMES[cc]!.toUpperCase() : "";
  for (const token of opcodeText.trim().split(/\s+/)) {
    let match: RegExpExecArray | null;
    if (token === "REX.W") {
      enc.rexW = true;
    } else if (/^(66|F2|F3)$/.test(token) && enc.opcode.length === 0 && !enc.rexW && enc.prefix === 0) {
      enc.prefix = parseInt(token, 16);
    } else if ((match = /^([0-9A-F]{2})(\+(r[bwdq]?|cc))?$/.exec(token))) {
      if (enc.plusReg || enc.modrm !== MODRM_NONE) throw new Error(`${where}: opcode byte after +r or ModRM`);
      let byte = parseInt(match[1]!, 16);
      if (match[3] === "cc") {
        if (cc < 0) throw new Error(`${where}: +cc outside a family`);
        byte += cc;
      } else if (match[3] !== undefined) {
        enc.plusReg = true;
      }
      enc.opcode.push(byte);
    } else if ((match = /^\/([0-7r])$/.exec(token))) {
      enc.modrm = match[1] === "r" ? MODRM_REG : Number(match[1]);
    } else if (token in IMM_SIZES) {
      enc.immSize = IMM_SIZES[token]!;
    } else if (token in REL_SIZES) {
      enc.relSize = REL_SIZES[token]!;
    } else {
      throw new Error(`${where}: unknown opcode token '${token}'`);
    }
  }
  if (enc.opcode.length === 0) throw new Error(`${where}: no opcode byte`);

  const instruction = /^([A-Z0-9]+(?:cc)?)(?:\s+(.*))?$/.exec(instructionText.trim());
  if (!instruction) throw new Error(`${where}: cannot read the instruction column`);
  const mnemonic = instruction[1]!;
  if (cc >= 0 !== mnemonic.endsWith("cc")) throw new Error(`${where}: a family's mnemonic ends in cc, others do not`);
  enc.mnemonic = cc >= 0 ? mnemonic.slice(0, -2) + ccName : mnemonic;
  enc.operands = instruction[2] === undefined ? [] : instruction[2].split(",").map((w) => w.trim());
  enc.opcodeText = opcodeText.replace("+cc", `+${cc}`);
  enc.instructionText = `${enc.mnemonic}${instruction[2] === undefined ? "" : " " + instruction[2]}`;
  if (enc.operands.length !== kinds.length) throw new Error(`${where}: ${enc.operands.length} operands for kinds '${kinds.join("")}'`);

  let seenImplicit = false;
  enc.operands.forEach((word, i) => {
    const operand = operandWord(word, where);
    if (!operand.kinds.includes(kinds[i]!)) throw new Error(`${where}: operand ${word} cannot be of kind ${kinds[i]}`);
    if (operand.slot !== "implicit" && seenImplicit) throw new Error(`${where}: implicit operands must come last`);
    if (enc.size === 0 && operand.size !== 0) enc.size = operand.size;
    switch (operand.slot) {
      case "reg":
        if (!enc.plusReg && enc.modrm !== MODRM_REG) throw new Error(`${where}: register operand ${word} needs /r or +r`);
        if (enc.regOperand >= 0) throw new Error(`${where}: two register-field operands`);
        enc.regOperand = i;
        enc.regIsByte = operand.size === 8;
        break;
      case "rm":
        if (enc.modrm === MODRM_NONE) throw new Error(`${where}: r/m operand ${word} without ModRM`);
        if (enc.rmOperand >= 0) throw new Error(`${where}: two r/m operands`);
        enc.rmOperand = i;
        enc.rmIsByte = operand.size === 8;
        break;
      case "imm":
        if (enc.immSize * 8 !== operand.width) throw new Error(`${where}: ${word} does not match the immediate size ${enc.immSize}`);
        break;
      case "rel":
        if (enc.relSize * 8 !== operand.width) throw new Error(`${where}: ${word} does not match the offset size ${enc.relSize}`);
        break;
      case "fixedReg":
      case "fixedImm":
        if (enc.fixedOperand >= 0) throw new Error(`${where}: two fixed operands`);
        enc.fixedOperand = i;
        enc.fixedValue = operand.fixed;
        enc.fixedIsImm = operand.slot === "fixedImm";
        break;
      case "implicit":
        seenImplicit = true;
        break;
    }
  });
  if (enc.modrm === MODRM_REG && enc.regOperand < 0) throw new Error(`${where}: /r without a register operand`);
  if (enc.modrm !== MODRM_NONE && enc.rmOperand < 0) throw new Error(`${where}: ModRM without an r/m operand`);
  if (enc.plusReg && enc.regOperand < 0) throw new Error(`${where}: +r without a register operand`);
  const hasImm = enc.operands.some((w) => w.startsWith("imm"));
  if ((enc.immSize > 0) !== hasImm) throw new Error(`${where}: immediate size and operands disagree`);
  if ((enc.relSize > 0) !== enc.operands.some((w) => w.startsWith("rel"))) throw new Error(`${where}: offset size and operands disagree`);
  return enc;
}

/** Mnemonics whose immediate is a shift count, in [0, operand size), not a number to extend. */
const SHIFTS: ReadonlySet<string> = new Set(["SHL", "SHR", "SAR", "ROL", "ROR"]);

/** Sets each alternative's immediate range; width is the widest operand size among them. */
function setImmediateRanges(encodings: Encoding[]): void {
  const width = Math.max(...encodings.map((e) => e.size));
  for (const enc of encodings) {
    const bits = enc.immSize * 8;
    if (bits === 0) continue;
    if (SHIFTS.has(enc.mnemonic)) {
      enc.immMin = 0;
      enc.immMax = enc.size - 1;
    } else if (bits === 64) {
      enc.immMin = Number.MIN_SAFE_INTEGER;
      enc.immMax = Number.MAX_SAFE_INTEGER;
    } else if (enc.size > bits) {
      enc.immMin = -(2 ** (bits - 1));
      enc.immMax = 2 ** (bits - 1) - 1;
    } else if (width > enc.size && enc.size !== 0) {
      enc.immMin = 0;
      enc.immMax = 2 ** bits - 1;
    } else {
      enc.immMin = -(2 ** (bits - 1));
      enc.immMax = 2 ** bits - 1;
    }
  }
}

/**
 * The assembler's shape methods put a memory operand in ModRM.rm and the register next to it in
 * ModRM.reg; label forms write no prefix. Checked here so that they need not look.
 */
function checkOperandPlaces(name: string, shape: number, encodings: Encoding[]): void {
  for (const enc of encodings) {
    const places = `${enc.regOperand},${enc.rmOperand}`;
    const ok =
      shape === SHAPE_RM || shape === SHAPE_RMI ? places === "0,1"
      : shape === SHAPE_MR ? places === "1,0"
      : shape === SHAPE_M || shape === SHAPE_MI ? places === "-1,0"
      : shape === SHAPE_L ? enc.prefix === 0 && !enc.rexW && enc.modrm === MODRM_NONE
      : true;
    if (!ok) throw new Error(`${name}: '${enc.instructionText}' does not place its operands as ${SHAPE_NAMES[shape]}() does`);
  }
}

/** The operand kinds of a form name (`ADD_ri` -> r, i; `SAR_rcl` -> r, cl; `JMP_l8` -> l). */
function kindsOf(name: string): string[] {
  const underscore = name.indexOf("_");
  const suffix = underscore < 0 ? "" : name.slice(underscore + 1);
  const kinds: string[] = [];
  const pattern = /cl|([rxmil])\d*/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < suffix.length && (match = pattern.exec(suffix))) kinds.push(match[1] ?? "cl");
  if (pattern.lastIndex !== suffix.length && suffix.length > 0) throw new Error(`${name}: cannot read the operand kinds '${suffix}'`);
  return kinds;
}

function makeForm(name: string, columns: string[], cc: number): Form {
  if (columns.length === 0 || columns.length % 2 !== 0) throw new Error(`${name}: columns must come in pairs (opcode, instruction)`);
  const kinds = kindsOf(name);
  const shape = SHAPES_BY_KINDS[kinds.filter((k) => k !== "cl").join("")];
  if (shape === undefined) throw new Error(`${name}: no assembler method takes operands '${kinds.join("")}'`);
  const encodings: Encoding[] = [];
  for (let i = 0; i < columns.length; i += 2) encodings.push(readEncoding(name, kinds, columns[i]!, columns[i + 1]!, cc));
  setImmediateRanges(encodings);
  checkOperandPlaces(name, shape, encodings);
  if (shape === SHAPE_L) {
    for (let i = 1; i < encodings.length; i++) {
      if (encodings[i]!.relSize <= encodings[i - 1]!.relSize) throw new Error(`${name}: label alternatives must go from short to near`);
    }
  }
  return new Form(name, shape, kinds, cc, encodings);
}

/**
 * A form from its name and its alternatives, each an opcode column and an instruction column:
 * form("ADD_rr", "REX.W 01 /r", "ADD r/m64, r64"). Import time only.
 */
export function form(name: string, ...columns: string[]): Form {
  if (name.includes("cc")) throw new Error(`${name}: a name with cc is a family`);
  return makeForm(name, columns, -1);
}

/**
 * The 16 forms of a conditional instruction, indexed by condition code: `Jcc_l[CC_E]` is JE_l.
 * `cc` in the name and mnemonic and `+cc` in an opcode byte stand for the condition.
 */
export function family(name: string, ...columns: string[]): Form[] {
  if (!name.includes("cc")) throw new Error(`${name}: a family's name has cc where the condition goes`);
  const forms: Form[] = [];
  for (let cc = 0; cc < 16; cc++) forms.push(makeForm(name.replace("cc", CC_NAMES[cc]!.toUpperCase()), columns, cc));
  return forms;
}
