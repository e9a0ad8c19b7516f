/**
 * A64 instruction forms and their encodings, read from the Arm Architecture Reference Manual's
 * notation at import time. instructions.ts holds the table; this file says what the notation
 * means and turns each line into `Encoding` objects of plain numbers that the assembler (run
 * time, RTS) reads without looking at strings again.
 *
 * A form is named by mnemonic and operand kinds, as rx86 and PyPy's AArch64 codebuilder name
 * them: `ADD_rri` (register, register, immediate), `LDR_rm` (register, memory), `FADD_vvv`,
 * `CSEL_rrrc`, `TBZ_ril`. Kinds: r general register, v SIMD&FP register, i immediate,
 * c condition (CC_*), s shift (SHIFT_*), e extend (EXTEND_*), m memory operand (any addressing
 * mode: operands.ts), l label. A number after the mnemonic (`ADD32_rri`) is the operand size
 * when it is not 64 bits.
 *
 * Each form has one or more alternative encodings, each given as two columns:
 *
 *   encoding   the instruction word from bit 31 down, as the manual's diagram: fixed bits
 *              (`100010`), named fixed fields (`sf=1`, `Rd=11111`), and variable fields by
 *              their manual names, whose widths are known: Rd Rn Rm Ra Rt Rt2 (5), imm26,
 *              imm19, imm16, imm14, imm12, imm9, imm7, imm6, imm3, immhi (19), immlo (2), immr,
 *              imms (6), N, sh, S, b5 (1), hw, shift (2), option (3), b40 (5), cond (4), and
 *              `invert(cond)` (a condition stored inverted: CSET). They must add up to 32 bits.
 *   syntax     the manual's assembler syntax: `ADD <Xd|SP>, <Xn|SP>, #<imm>{, <shift>}`.
 *
 * The syntax's operand words line up with the form's kinds, in order. Words in `{...}` that
 * the form has no kind for are the assembler's choice (ADD's `<shift>`: LSL #12 when the
 * immediate needs it); every variable field must be filled by some operand. What each word
 * means (`operandWord` below):
 *
 *   <Xd> <Wn> ...      a general register in field R<d,n,m,a,t,t2,s> (t1 is Rt); 31 is XZR
 *   <Xd|SP> <Wn|WSP>   the same where 31 is SP (the register numbers keep XZR and SP apart)
 *   <R><m> <R><t>      a general register whose width the other operands decide
 *   <Dd> <Sn> ...      a SIMD&FP register
 *   #<imm>             with sh imm12: 0-4095, or a multiple of 4096 up to 0xfff000 (sh = 1);
 *                      with N immr imms: a logical immediate (bitmask.ts); with imm16: 0-65535;
 *                      with b5 b40: a bit number (0-63)
 *   #<shift>           with hw: 0, 16, 32 or 48 (a 32-bit form: 0 or 16); with immr and imms: a
 *                      left shift, the manual's UBFM #(-shift MOD size), #(size-1-shift); with
 *                      immr alone: a right shift; 0 to size-1
 *   #<amount>          with imm6: 0 to size-1; with imm3: 0-4
 *   <shift> <extend>   the shift or option field (SHIFT_*, EXTEND_*); ROR for logical forms only
 *   <cond>             the cond field (CC_*), or invert(cond) (then not AL or NV)
 *   <label>            with imm26, imm19, imm14, or immhi immlo: a label, pc-relative in words
 *                      (bytes for ADR); as an `i` operand of ADRP: a distance in 4 KiB pages
 *   [...]              a memory operand, one addressing mode per alternative:
 *                        [<Xn|SP>{, #<pimm>}]      imm12, unsigned, scaled by the access size
 *                        [<Xn|SP>{, #<simm>}]      imm9, unscaled (LDUR, STUR)
 *                        [<Xn|SP>, #<simm>]!       imm9, pre-index
 *                        [<Xn|SP>], #<simm>        imm9, post-index
 *                        [<Xn|SP>, (<Wm>|<Xm>){, <extend> {<amount>}}]   Rm option S
 *                        [<Xn|SP>{, #<imm>}]  [<Xn|SP>, #<imm>]!  [<Xn|SP>], #<imm>   imm7 pairs
 *                      and `<label>` as an `m` operand: a literal (imm19)
 *
 * Other words (LSL, ISH, CVAU, CTR_EL0, #0.0) are fixed text. The access size of a memory
 * operand is 1 for a mnemonic ending in B, 2 in H, 4 in SW, else its register's size.
 *
 * The assembler takes the first alternative that accepts the operands: a register it can name
 * (MOV_rr is ORR, or ADD #0 when an operand is SP), an immediate in range, a memory operand of
 * its mode with its offset in range (LDR_rm: the scaled imm12, else LDUR's imm9), which is also
 * GNU as's choice.
 */

/** Operand shapes: one assembler method each (v counts as r; c, s, e count as i). */
export const SHAPE_NONE = 0;
export const SHAPE_I = 1;
export const SHAPE_R = 2;
export const SHAPE_RR = 3;
export const SHAPE_RRR = 4;
export const SHAPE_RRRR = 5;
export const SHAPE_RI = 6;
export const SHAPE_RII = 7;
export const SHAPE_RRI = 8;
export const SHAPE_RRII = 9;
export const SHAPE_RRRI = 10;
export const SHAPE_RRRII = 11;
export const SHAPE_RM = 12;
export const SHAPE_RRM = 13;
export const SHAPE_L = 14;
export const SHAPE_RL = 15;
export const SHAPE_RIL = 16;
export const SHAPE_NAMES: readonly string[] = ["none", "i", "r", "rr", "rrr", "rrrr", "ri", "rii", "rri", "rrii", "rrri", "rrrii", "rm", "rrm", "l", "rl", "ril"];

/** What an operand is and how its value becomes bits (Operand.kind). */
export const OP_REG = 0; // general register, 31 = XZR
export const OP_REG_SP = 1; // general register, 31 = SP
export const OP_FPREG = 2; // SIMD&FP register
export const OP_FIELD = 3; // an unsigned immediate (a multiple of `scale`) in a field
export const OP_ADDSUB_IMM = 4; // imm12, shifted by 12 when needed (sh)
export const OP_LOGICAL_IMM = 5; // N:immr:imms
export const OP_LSL_IMM = 6; // immr, imms of UBFM for LSL #shift
export const OP_TEST_BIT = 7; // b5:b40
export const OP_COND = 8;
export const OP_COND_INVERTED = 9;
export const OP_PAGES = 10; // ADRP's immhi:immlo, in pages
export const OP_LABEL26 = 11;
export const OP_LABEL19 = 12;
export const OP_LABEL14 = 13;
export const OP_LABEL_ADR = 14;
export const OP_MEM_UNSIGNED = 15; // [Xn|SP, #pimm]: imm12 scaled
export const OP_MEM_UNSCALED = 16; // [Xn|SP, #simm]: imm9
export const OP_MEM_PRE = 17;
export const OP_MEM_POST = 18;
export const OP_MEM_REGISTER = 19; // [Xn|SP, Rm, extend #amount]
export const OP_MEM_LITERAL = 20; // imm19
export const OP_MEM_PAIR = 21; // imm7 scaled
export const OP_MEM_PAIR_PRE = 22;
export const OP_MEM_PAIR_POST = 23;

/** The condition codes, in the encoding's order (the cond field). */
export const CC_EQ = 0;
export const CC_NE = 1;
export const CC_CS = 2;
/** Unsigned higher or same: CS's other name. */
export const CC_HS = 2;
export const CC_CC = 3;
/** Unsigned lower: CC's other name. */
export const CC_LO = 3;
export const CC_MI = 4;
export const CC_PL = 5;
export const CC_VS = 6;
export const CC_VC = 7;
export const CC_HI = 8;
export const CC_LS = 9;
export const CC_GE = 10;
export const CC_LT = 11;
export const CC_GT = 12;
export const CC_LE = 13;
export const CC_AL = 14;
export const CC_NV = 15;
/** Condition names, by code (GNU objdump's choice among the aliases). */
export const CC_NAMES: readonly string[] = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"];

/** The condition that holds exactly when cc does not (flipping bit 0: the manual's invert(); not for AL and NV). */
export function invertCondition(cc: number): number {
  return cc ^ 1;
}

/** One operand of an encoding: which encoder, and its field. */
export class Operand {
  /** OP_*. */
  kind: number;
  /** The field's lowest bit and width (OP_REG*, OP_FPREG, OP_FIELD, OP_COND*; others have fixed places). */
  lsb: number;
  width: number;
  /** Bits of the operation (32 or 64): registers' width, the range of shifts and bitmasks. */
  size: number;
  /** OP_FIELD: the value is a multiple of scale in [0, max]; OP_MEM_*: the access size in bytes. */
  scale: number;
  /** log2(scale): scales are powers of two, so the assembler divides by shifting. */
  scaleShift: number;
  max: number;
  /** The syntax word (`<Xd|SP>`, `#<imm>`, the memory operand's text). */
  word: string;

  constructor(kind: number, lsb: number, width: number, size: number, scale: number, max: number, word: string) {
    this.kind = kind;
    this.lsb = lsb;
    this.width = width;
    this.size = size;
    this.scale = scale;
    let shift = 0;
    while (1 << shift < scale) shift++;
    this.scaleShift = shift;
    this.max = max;
    this.word = word;
  }
}

/** One way to encode a form. */
export class Encoding {
  /** The fixed bits of the word (as a signed 32-bit value). */
  bits: number;
  /** In the order of the form's kinds. */
  operands: Operand[];
  /** A load (LD...): a pair load may not name one register twice. */
  load: boolean;
  /** Both columns as written, and the mnemonic (`LDUR`, `B.EQ`). */
  mnemonic: string;
  encodingText: string;
  syntax: string;

  constructor(bits: number, operands: Operand[], load: boolean, mnemonic: string, encodingText: string, syntax: string) {
    this.bits = bits;
    this.operands = operands;
    this.load = load;
    this.mnemonic = mnemonic;
    this.encodingText = encodingText;
    this.syntax = syntax;
  }
}

/** An instruction form: a name with operand kinds, and its alternative encodings (tried in order). */
export class Form {
  name: string;
  /** SHAPE_*: which assembler method takes it. */
  shape: number;
  kinds: string[];
  /** The condition of a family member (`B.EQ_l` in Bcc_l), or -1. */
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
  "": SHAPE_NONE, i: SHAPE_I, r: SHAPE_R, rr: SHAPE_RR, rrr: SHAPE_RRR, rrrr: SHAPE_RRRR, ri: SHAPE_RI, rii: SHAPE_RII,
  rri: SHAPE_RRI, rrii: SHAPE_RRII, rrri: SHAPE_RRRI, rrrii: SHAPE_RRRII, rm: SHAPE_RM, rrm: SHAPE_RRM, l: SHAPE_L,
  rl: SHAPE_RL, ril: SHAPE_RIL,
};

/** The widths of the variable fields of the notation, by their manual names (src/backend-arm/disassembler.ts reads templates with them too). */
export const FIELD_WIDTHS: Readonly<Record<string, number>> = {
  Rd: 5, Rn: 5, Rm: 5, Ra: 5, Rt: 5, Rt2: 5, Rs: 5, imm26: 26, imm19: 19, imm16: 16, imm14: 14, imm12: 12, imm9: 9,
  imm7: 7, imm6: 6, imm3: 3, immhi: 19, immlo: 2, immr: 6, imms: 6, N: 1, sh: 1, S: 1, b5: 1, hw: 2, shift: 2,
  option: 3, b40: 5, cond: 4, "invert(cond)": 4,
};

interface Template {
  bits: number;
  /** Variable fields: name -> [lsb, width]. */
  fields: Map<string, [number, number]>;
}

function readTemplate(text: string, where: string): Template {
  let position = 32;
  let bits = 0;
  const fields = new Map<string, [number, number]>();
  for (const token of text.trim().split(/\s+/)) {
    let match: RegExpExecArray | null;
    let fixed: string | undefined;
    if (/^[01]+$/.test(token)) fixed = token;
    else if ((match = /^[A-Za-z][A-Za-z0-9]*=([01]+)$/.exec(token))) fixed = match[1];
    if (fixed !== undefined) {
      position -= fixed.length;
      if (position < 0) throw new Error(`${where}: more than 32 bits`);
      bits |= parseInt(fixed, 2) << position;
      continue;
    }
    const width = FIELD_WIDTHS[token];
    if (width === undefined) throw new Error(`${where}: unknown field '${token}'`);
    if (fields.has(token)) throw new Error(`${where}: field ${token} twice`);
    position -= width;
    if (position < 0) throw new Error(`${where}: more than 32 bits`);
    fields.set(token, [position, width]);
  }
  if (position !== 0) throw new Error(`${where}: ${32 - position} bits, not 32`);
  return { bits: bits | 0, fields };
}

interface Word {
  text: string;
  optional: boolean;
}

/** The words of a syntax's operand list, memory operand apart (`[` to the end). */
function readWords(operands: string): { words: Word[]; memory: string | undefined } {
  const bracket = operands.indexOf("[");
  const memory = bracket >= 0 ? operands.slice(bracket).trim() : undefined;
  const rest = bracket >= 0 ? operands.slice(0, bracket) : operands;
  const words: Word[] = [];
  let depth = 0;
  let current = "";
  const flush = () => {
    if (current !== "") words.push({ text: current, optional: depth > 0 });
    current = "";
  };
  for (const ch of rest) {
    if (ch === "{" || ch === "}") {
      flush();
      depth += ch === "{" ? 1 : -1;
    } else if (ch === "," || ch === " ") {
      flush();
    } else {
      current += ch;
    }
  }
  flush();
  return { words, memory: memory?.replace(/,\s*$/, "") };
}

/** Fixed text rather than an operand: keywords, #0.0. */
function isFixedWord(word: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(word) || word === "#0.0";
}

interface Context {
  where: string;
  mnemonic: string;
  template: Template;
  /** Fields filled so far. */
  used: Set<string>;
  /** The operation's size (the first register word's), 0 until known. */
  size: number;
}

function take(ctx: Context, field: string): [number, number] {
  const place = ctx.template.fields.get(field);
  if (!place) throw new Error(`${ctx.where}: no field ${field} for the operand`);
  if (ctx.used.has(field)) throw new Error(`${ctx.where}: field ${field} filled twice`);
  ctx.used.add(field);
  return place;
}

function has(ctx: Context, field: string): boolean {
  return ctx.template.fields.has(field) && !ctx.used.has(field);
}

const REGISTER_WORD = /^<(R|[XWDSQ])(d|n|m|a|s|t|t1|t2)(\|W?SP)?>$/;
const REGISTER_SIZES: Record<string, number> = { X: 64, W: 32, D: 64, S: 32, Q: 128, R: 0 };

function registerField(letter: string): string {
  return letter === "t1" ? "Rt" : `R${letter}`;
}

/** The Operand of one syntax word standing for an operand of kind `kind`. */
function operandWord(ctx: Context, word: string, kind: string): Operand {
  const bad = () => new Error(`${ctx.where}: the word '${word}' cannot be an operand of kind ${kind}`);
  const reg = /^<(R)><([a-z]\d?)>$/.exec(word) ?? REGISTER_WORD.exec(word);
  if (reg) {
    const letter = reg[1]!;
    const fp = letter === "D" || letter === "S" || letter === "Q";
    if (kind !== (fp ? "v" : "r")) throw bad();
    const size = REGISTER_SIZES[letter]!;
    if (ctx.size === 0) ctx.size = size;
    const [lsb, width] = take(ctx, registerField(reg[2]!));
    return new Operand(fp ? OP_FPREG : reg[3] ? OP_REG_SP : OP_REG, lsb, width, size, 0, 0, word);
  }
  const size = ctx.size === 0 ? 64 : ctx.size;
  const field = (name: string, scale: number, max: number) => {
    const [lsb, width] = take(ctx, name);
    return new Operand(OP_FIELD, lsb, width, size, scale, max, word);
  };
  const compound = (opKind: number, names: string[], max = 0) => {
    for (const name of names) take(ctx, name);
    return new Operand(opKind, 0, 0, size, 1, max, word);
  };
  if (word === "<cond>" && kind === "c") {
    if (has(ctx, "invert(cond)")) {
      const [lsb, width] = take(ctx, "invert(cond)");
      return new Operand(OP_COND_INVERTED, lsb, width, size, 1, 13, word);
    }
    const [lsb, width] = take(ctx, "cond");
    return new Operand(OP_COND, lsb, width, size, 1, 15, word);
  }
  if (word === "<shift>" && kind === "s") {
    const logical = /^(AND|ORR|EOR|ANDS|BIC|ORN|EON|BICS|TST|MVN)$/.test(ctx.mnemonic);
    return field("shift", 1, logical ? 3 : 2);
  }
  if (word === "<extend>" && kind === "e") return field("option", 1, 7);
  if (word === "<label>" && kind === "l") {
    if (has(ctx, "imm26")) return compound(OP_LABEL26, ["imm26"]);
    if (has(ctx, "imm19")) return compound(OP_LABEL19, ["imm19"]);
    if (has(ctx, "imm14")) return compound(OP_LABEL14, ["imm14"]);
    if (has(ctx, "immhi")) return compound(OP_LABEL_ADR, ["immhi", "immlo"]);
  }
  if (word === "<label>" && kind === "i" && has(ctx, "immhi")) return compound(OP_PAGES, ["immhi", "immlo"]);
  if (kind === "i") {
    if (word === "#<imm>") {
      if (has(ctx, "imm12")) return compound(OP_ADDSUB_IMM, ["sh", "imm12"]);
      if (has(ctx, "immr") && has(ctx, "imms")) return compound(OP_LOGICAL_IMM, has(ctx, "N") ? ["N", "immr", "imms"] : ["immr", "imms"]);
      if (has(ctx, "imm16")) return field("imm16", 1, 0xffff);
      if (has(ctx, "b40")) return compound(OP_TEST_BIT, ["b5", "b40"], 63);
    }
    if (word === "#<shift>") {
      if (has(ctx, "hw")) return field("hw", 16, size - 16);
      if (has(ctx, "immr") && has(ctx, "imms")) return compound(OP_LSL_IMM, ["immr", "imms"], size - 1);
      if (has(ctx, "immr")) return field("immr", 1, size - 1);
    }
    if (word === "#<amount>") {
      if (has(ctx, "imm6")) return field("imm6", 1, size - 1);
      if (has(ctx, "imm3")) return field("imm3", 1, 4);
    }
  }
  throw bad();
}

/** The access size in bytes of a load or store (see the file comment). */
function accessSize(mnemonic: string, register: Operand, where: string): number {
  if (/^(LD|ST)[A-Z]*B$/.test(mnemonic)) return 1;
  if (/^(LD|ST)[A-Z]*H$/.test(mnemonic)) return 2;
  if (/^(LD|ST)[A-Z]*SW$/.test(mnemonic)) return 4;
  if (register.size === 0) throw new Error(`${where}: no access size`);
  return register.size / 8;
}

const MEMORY_WORDS: Record<string, [number, string[]]> = {
  "[<Xn|SP>{, #<pimm>}]": [OP_MEM_UNSIGNED, ["Rn", "imm12"]],
  "[<Xn|SP>{, #<simm>}]": [OP_MEM_UNSCALED, ["Rn", "imm9"]],
  "[<Xn|SP>, #<simm>]!": [OP_MEM_PRE, ["Rn", "imm9"]],
  "[<Xn|SP>], #<simm>": [OP_MEM_POST, ["Rn", "imm9"]],
  "[<Xn|SP>, (<Wm>|<Xm>){, <extend> {<amount>}}]": [OP_MEM_REGISTER, ["Rn", "Rm", "option", "S"]],
  "[<Xn|SP>{, #<imm>}]": [OP_MEM_PAIR, ["Rn", "imm7"]],
  "[<Xn|SP>, #<imm>]!": [OP_MEM_PAIR_PRE, ["Rn", "imm7"]],
  "[<Xn|SP>], #<imm>": [OP_MEM_PAIR_POST, ["Rn", "imm7"]],
  "<label>": [OP_MEM_LITERAL, ["imm19"]],
};

function readEncoding(name: string, kinds: string[], encodingText: string, syntax: string, cc: number): Encoding {
  const where = `${name}: '${encodingText}' '${syntax}'`;
  const parsed = /^([A-Z][A-Z0-9]*(?:\.<cond>)?)(?:\s+(.*))?$/.exec(syntax.trim());
  if (!parsed) throw new Error(`${where}: cannot read the syntax`);
  let mnemonic = parsed[1]!;
  if (mnemonic.endsWith(".<cond>") !== cc >= 0) throw new Error(`${where}: a family's mnemonic ends in .<cond>, others do not`);
  let template = readTemplate(encodingText, where);
  if (cc >= 0) {
    mnemonic = mnemonic.replace("<cond>", CC_NAMES[cc]!.toUpperCase());
    const place = template.fields.get("cond");
    if (!place) throw new Error(`${where}: a family needs a cond field`);
    template.fields.delete("cond");
    template = { bits: template.bits | (cc << place[0]), fields: template.fields };
  }
  const ctx: Context = { where, mnemonic, template, used: new Set(), size: 0 };
  const { words, memory: bracketed } = readWords(parsed[2] ?? "");
  let memory = bracketed;
  const operandWords = words.filter((w) => !isFixedWord(w.text));
  const wantsMemory = kinds[kinds.length - 1] === "m";
  if (wantsMemory && memory === undefined && operandWords.at(-1)?.text === "<label>") memory = operandWords.pop()!.text;
  if (wantsMemory !== (memory !== undefined)) throw new Error(`${where}: memory operand and kinds disagree`);
  const plainKinds = wantsMemory ? kinds.slice(0, -1) : kinds;
  const required = operandWords.filter((w) => !w.optional);
  const chosen = operandWords.length === plainKinds.length ? operandWords : required.length === plainKinds.length ? required : undefined;
  if (!chosen) throw new Error(`${where}: ${operandWords.length} operand words (${required.length} required) for kinds '${kinds.join("")}'`);

  const operands = chosen.map((w, i) => operandWord(ctx, w.text, plainKinds[i]!));
  // ADD's optional `<shift>`: the immediate's encoder fills sh, nothing else may be left out.
  for (const w of operandWords) {
    if (!chosen.includes(w) && !(w.text === "<shift>" && operands.some((o) => o.kind === OP_ADDSUB_IMM))) {
      throw new Error(`${where}: optional word ${w.text} is neither an operand nor the assembler's choice`);
    }
  }
  if (memory !== undefined) {
    const entry = MEMORY_WORDS[memory];
    if (!entry) throw new Error(`${where}: unknown memory operand '${memory}'`);
    const [kind, fields] = entry;
    for (const f of fields) take(ctx, f);
    const register = operands[0]!;
    const scale = kind === OP_MEM_UNSCALED || kind === OP_MEM_PRE || kind === OP_MEM_POST || kind === OP_MEM_LITERAL ? 1 : accessSize(ctx.mnemonic, register, where);
    operands.push(new Operand(kind, 0, 0, register.size, scale, 0, memory));
  }
  for (const field of template.fields.keys()) {
    if (!ctx.used.has(field)) throw new Error(`${where}: field ${field} is not filled by any operand`);
  }
  return new Encoding(template.bits, operands, /^LD/.test(mnemonic), mnemonic, encodingText, syntax.replace("<cond>", cc >= 0 ? CC_NAMES[cc]!.toUpperCase() : "<cond>"));
}

/** The operand kinds of a form name (`ADD_rrrsi` -> r r r s i; `B_l` -> l). */
function kindsOf(name: string): string[] {
  const underscore = name.lastIndexOf("_");
  const suffix = underscore < 0 ? "" : name.slice(underscore + 1);
  if (!/^[rvicseml]*$/.test(suffix)) throw new Error(`${name}: cannot read the operand kinds '${suffix}'`);
  return suffix.split("").filter((k) => k !== "");
}

function shapeOf(kinds: string[]): string {
  return kinds.map((k) => (k === "v" ? "r" : k === "c" || k === "s" || k === "e" ? "i" : k)).join("");
}

function makeForm(name: string, columns: string[], cc: number): Form {
  if (columns.length === 0 || columns.length % 2 !== 0) throw new Error(`${name}: columns must come in pairs (encoding, syntax)`);
  const kinds = kindsOf(name);
  const shape = SHAPES_BY_KINDS[shapeOf(kinds)];
  if (shape === undefined) throw new Error(`${name}: no assembler method takes operands '${kinds.join("")}'`);
  const encodings: Encoding[] = [];
  for (let i = 0; i < columns.length; i += 2) encodings.push(readEncoding(name, kinds, columns[i]!, columns[i + 1]!, cc));
  return new Form(name, shape, kinds, cc, encodings);
}

/** A form from its name and its alternatives, each an encoding column and a syntax column. Import time only. */
export function form(name: string, ...columns: string[]): Form {
  if (name.includes("cc")) throw new Error(`${name}: a name with cc is a family`);
  return makeForm(name, columns, -1);
}

/**
 * The 16 forms of an instruction whose mnemonic holds the condition (`B.<cond>`), indexed by
 * condition code: `Bcc_l[CC_EQ]` is B.EQ_l. The template's cond field receives the code.
 */
export function family(name: string, ...columns: string[]): Form[] {
  if (!name.includes("cc")) throw new Error(`${name}: a family's name has cc where the condition goes`);
  const forms: Form[] = [];
  for (let cc = 0; cc < 16; cc++) forms.push(makeForm(name.replace("cc", `.${CC_NAMES[cc]!.toUpperCase()}`), columns, cc));
  return forms;
}
