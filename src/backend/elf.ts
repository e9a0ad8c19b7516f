/**
 * The ELF writer: a static, non-position-independent 64-bit little-endian Linux executable for a
 * given machine (`ElfMachine`: x86-64, AArch64) from the bytes of four sections (text, rodata,
 * data, bss), an entry point, relocations and symbols. Shared by every target.
 *
 * Translation-time code (plain TypeScript, not RTS): it runs in the translator on Node, never in
 * a translated binary, so it uses DataView, BigInt and closures freely.
 *
 * Layout (see README.md, "The ELF writer"): the image is placed at ELF_BASE. Three PT_LOAD
 * segments, each starting on a page, with vaddr = ELF_BASE + file offset so that file offset and
 * vaddr agree modulo the page size as the kernel requires:
 *
 *   R+X  [ELF header, program headers, .text]   from file offset 0, so that AT_PHDR points at
 *                                                mapped headers (as classic `ld` output does)
 *   R    [.rodata]                               only when rodata is not empty
 *   R+W  [.data, .bss]                           only when either is not empty; bss is memory
 *                                                past p_filesz, zeroed by the kernel
 *
 * plus PT_GNU_STACK (flags RW: a non-executable stack). No PT_INTERP, no PT_DYNAMIC: nothing is
 * loaded but the file. The addresses depend on the four sizes only, so `layoutImage(sizes)` gives
 * them before anything is written; whoever does not know its sizes yet leaves 64-bit absolute
 * slots or rel32 displacements to `relocations`, which writeExecutable applies.
 */

export type ImageSection = "text" | "rodata" | "data" | "bss";
/** Sections with bytes in the file: the ones a relocation can patch. */
export type FileSection = "text" | "rodata" | "data";

export interface Relocation {
  /**
   * abs64 (the default): the 8 bytes at offset receive the target's absolute address.
   * rel32: the 4 bytes at offset receive target - (address of `end`), a pc-relative
   * displacement; `end` is the section offset of the end of the instruction, which is offset + 4
   * (the default) unless an immediate follows the displacement (x86-64's rip-relative operands).
   * Any other kind is the machine's own (ElfMachine.relocations: AArch64's adrp pages, branch
   * offsets), which patch bit fields of an instruction word.
   */
  kind?: string;
  section: FileSection;
  offset: number;
  targetSection: ImageSection;
  targetOffset: number;
  end?: number;
}

export interface ElfSymbol {
  /** As tools show it: `bf.run`, `Program.constructor`. */
  name: string;
  section: ImageSection;
  offset: number;
  size: number;
  kind: "function" | "object";
}

export interface ExecutableImage {
  text: Uint8Array;
  rodata: Uint8Array;
  data: Uint8Array;
  bssSize: number;
  /** The entry point, an offset into text: where the kernel starts the process (rsp at argc). */
  entry: number;
  relocations: Relocation[];
  symbols: ElfSymbol[];
}

export interface ImageSizes {
  text: number;
  rodata: number;
  data: number;
  bss: number;
}

export interface SectionPlace {
  address: number;
  /** Where the section's bytes start in the file (bss: where they would, it has none). */
  fileOffset: number;
  size: number;
}

export type ImageLayout = Record<ImageSection, SectionPlace>;

/**
 * How a relocation kind fills its slot: its width in bytes, the value from the target's address
 * and the address of `end`, the range that value must lie in, and (for bit fields inside an
 * instruction) how the value goes into the slot's old contents.
 */
export interface RelocationKind {
  readonly size: 4 | 8;
  /** target: the target's address; end: the address of `end` (rel32's reference); place: the slot's own address (AArch64's reference). */
  value(target: number, end: number, place: number): number;
  readonly min: number;
  readonly max: number;
  /** The slot's new contents from its old ones (a 32-bit instruction word) and the value; absent: the value itself. */
  insert?(old: number, value: number): number;
}

/** What the ELF header says about the machine, and the relocations its code uses beyond abs64 and rel32. */
export interface ElfMachine {
  /** As `rts translate --target` names it. */
  readonly name: string;
  /** e_machine: EM_X86_64 (62), EM_AARCH64 (183). */
  readonly eMachine: number;
  /** e_flags (0 on both). */
  readonly eFlags: number;
  readonly relocations?: Readonly<Record<string, RelocationKind>>;
  /**
   * The page size segments are aligned to (and p_align): 4 KiB when absent. AArch64 kernels may
   * run with 4, 16 or 64 KiB pages, so a binary for all of them aligns to 64 KiB, as GNU ld's
   * max-page-size does there.
   */
  readonly pageSize?: number;
}

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const X86_64_MACHINE: ElfMachine = { name: "x86-64", eMachine: EM_X86_64, eFlags: 0 };

export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ElfError";
  }
}

/** Where the image starts: the traditional x86-64 base (fine on AArch64 too), above the null-pointer guard region. */
export const ELF_BASE = 0x400000;
export const PAGE_SIZE = 0x1000;
/** Start of .text within its page and of .bss after .data: a cache line, enough for any datum. */
const SECTION_ALIGN = 64;

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;

const PT_LOAD = 1;
const PT_GNU_STACK = 0x6474e551;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;

const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHT_NOBITS = 8;
const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;

const STB_GLOBAL = 1;
const SYMBOL_TYPE: Record<ElfSymbol["kind"], number> = { object: 1, function: 2 };

/** The loaded sections in their order in the file and in the section header table (index 1-4). */
const LOADED: readonly { section: ImageSection; name: string; type: number; flags: number }[] = [
  { section: "text", name: ".text", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR },
  { section: "rodata", name: ".rodata", type: SHT_PROGBITS, flags: SHF_ALLOC },
  { section: "data", name: ".data", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE },
  { section: "bss", name: ".bss", type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE },
];
const FILE_SECTIONS: readonly string[] = ["text", "rodata", "data"];
const SECTION_INDEX: Record<ImageSection, number> = { text: 1, rodata: 2, data: 3, bss: 4 };
const STRTAB_INDEX = 6;
const SHSTRTAB_INDEX = 7;
const SECTION_COUNT = 8;

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function checkSize(what: string, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new ElfError(`${what} size ${size} is not a non-negative integer`);
}

/** The program headers an image of these sizes gets, in order: what layoutImage must leave room for. */
function segmentsPresent(sizes: ImageSizes): { rodata: boolean; data: boolean; count: number } {
  const rodata = sizes.rodata > 0;
  const data = sizes.data + sizes.bss > 0;
  return { rodata, data, count: 2 + (rodata ? 1 : 0) + (data ? 1 : 0) };
}

/** The address and file offset of every section of an image with these sizes. */
export function layoutImage(sizes: ImageSizes, pageSize: number = PAGE_SIZE): ImageLayout {
  for (const s of ["text", "rodata", "data", "bss"] as const) checkSize(s, sizes[s]);
  const headersEnd = EHDR_SIZE + PHDR_SIZE * segmentsPresent(sizes).count;
  const text = alignUp(headersEnd, SECTION_ALIGN);
  const rodata = alignUp(text + sizes.text, pageSize);
  const data = alignUp(rodata + sizes.rodata, pageSize);
  const bss = alignUp(data + sizes.data, SECTION_ALIGN);
  const place = (fileOffset: number, size: number): SectionPlace => ({ address: ELF_BASE + fileOffset, fileOffset, size });
  return { text: place(text, sizes.text), rodata: place(rodata, sizes.rodata), data: place(data, sizes.data), bss: place(bss, sizes.bss) };
}

/** The final virtual address of offset in section (offset may be the section's end). */
export function sectionAddress(layout: ImageLayout, section: ImageSection, offset: number): number {
  const place = layout[section];
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > place.size) {
    throw new ElfError(`offset ${offset} is outside .${section} (size ${place.size})`);
  }
  return place.address + offset;
}

/**
 * The relocations of an Assembler's code placed as `section`: each slot that
 * Assembler.relocations() lists holds an offset into that same code (dataLabelAddress).
 */
export function assemblerRelocations(code: Uint8Array, slots: number[], section: FileSection = "text"): Relocation[] {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  return slots.map((offset) => ({
    section, offset, targetSection: section, targetOffset: Number(view.getBigUint64(offset, true)),
  }));
}

/** Sequential little-endian fields: [size in bytes, value]. */
type Fields = [number, number][];

class Output {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  put(at: number, size: number, value: number): void {
    if (size === 1) this.view.setUint8(at, value);
    else if (size === 2) this.view.setUint16(at, value, true);
    else if (size === 4) this.view.setUint32(at, value >>> 0, true);
    else this.view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
  }

  get32(at: number): number {
    return this.view.getUint32(at, true);
  }

  fields(at: number, fields: Fields): number {
    for (const [size, value] of fields) {
      this.put(at, size, value);
      at += size;
    }
    return at;
  }
}

/** A string table: NUL first, each name once, offsets by name. */
class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private readonly offsets = new Map<string, number>();
  size = 1;

  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    if (name.includes("\0")) throw new ElfError(`symbol name ${JSON.stringify(name)} contains a NUL`);
    const bytes = new TextEncoder().encode(`${name}\0`);
    const offset = this.size;
    this.parts.push(bytes);
    this.offsets.set(name, offset);
    this.size += bytes.length;
    return offset;
  }

  bytes(): Uint8Array {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }
}

/** How each relocation kind fills its slot: its width and the value from the target and the place. */
const RELOCATION_KINDS: Readonly<Record<string, RelocationKind>> = {
  abs64: { size: 8, value: (target) => target, min: 0, max: Number.MAX_SAFE_INTEGER },
  rel32: { size: 4, value: (target, end) => target - end, min: -0x80000000, max: 0x7fffffff },
};

function applyRelocation(out: Output, layout: ImageLayout, r: Relocation, machine: ElfMachine): void {
  const name = r.kind ?? "abs64";
  const kind = Object.hasOwn(RELOCATION_KINDS, name) ? RELOCATION_KINDS[name] : machine.relocations && Object.hasOwn(machine.relocations, name) ? machine.relocations[name] : undefined;
  if (!kind) throw new ElfError(`unknown relocation kind ${r.kind}`);
  const place = layout[r.section];
  if (!FILE_SECTIONS.includes(r.section) || !(Number.isSafeInteger(r.offset) && r.offset >= 0 && r.offset + kind.size <= place.size)) {
    throw new ElfError(`relocation slot at .${r.section}+${r.offset} (${kind.size} bytes) is outside the section's bytes (size ${place.size})`);
  }
  const target = sectionAddress(layout, r.targetSection, r.targetOffset);
  const end = sectionAddress(layout, r.section, r.end ?? r.offset + 4);
  const value = kind.value(target, end, sectionAddress(layout, r.section, r.offset));
  if (value < kind.min || value > kind.max) {
    throw new ElfError(`relocation at .${r.section}+${r.offset}: ${value} does not fit ${r.kind}`);
  }
  const at = place.fileOffset + r.offset;
  out.put(at, kind.size, kind.insert ? kind.insert(out.get32(at), value) : value);
}

function checkSymbol(layout: ImageLayout, s: ElfSymbol): void {
  if (s.name === "") throw new ElfError("a symbol needs a name");
  if (!(s.section in SECTION_INDEX)) throw new ElfError(`symbol ${s.name}: unknown section ${s.section}`);
  if (!(Number.isSafeInteger(s.size) && s.size >= 0) || !(s.kind in SYMBOL_TYPE)) {
    throw new ElfError(`symbol ${s.name}: size ${s.size} or kind ${s.kind} is not valid`);
  }
  sectionAddress(layout, s.section, s.offset);
  if (s.offset + s.size > layout[s.section].size) {
    throw new ElfError(`symbol ${s.name} (.${s.section}+${s.offset}, ${s.size} bytes) runs past the end of .${s.section}`);
  }
}

/** The executable file of image for machine, relocations applied. */
export function writeExecutable(image: ExecutableImage, machine: ElfMachine): Uint8Array {
  const sizes = { text: image.text.length, rodata: image.rodata.length, data: image.data.length, bss: image.bssSize };
  const pageSize = machine.pageSize ?? PAGE_SIZE;
  const layout = layoutImage(sizes, pageSize);
  const present = segmentsPresent(sizes);
  if (!(Number.isSafeInteger(image.entry) && image.entry >= 0 && image.entry < sizes.text)) {
    throw new ElfError(`entry ${image.entry} is outside .text (size ${sizes.text})`);
  }
  for (const s of image.symbols) checkSymbol(layout, s);

  const strtab = new StringTable();
  const symbolNames = image.symbols.map((s) => strtab.add(s.name));
  const shstrtab = new StringTable();
  const sectionNames = [...LOADED.map((l) => l.name), ".symtab", ".strtab", ".shstrtab"].map((n) => shstrtab.add(n));

  // The unloaded tables follow the last loaded byte; tools read them, the kernel does not.
  const symtabOffset = alignUp(layout.data.fileOffset + sizes.data, 8);
  const symtabSize = SYM_SIZE * (image.symbols.length + 1);
  const strtabOffset = symtabOffset + symtabSize;
  const shstrtabOffset = strtabOffset + strtab.size;
  const shdrOffset = alignUp(shstrtabOffset + shstrtab.size, 8);
  const out = new Output(shdrOffset + SHDR_SIZE * SECTION_COUNT);

  out.bytes.set([0x7f, 0x45, 0x4c, 0x46, 2 /* 64-bit */, 1 /* little-endian */, 1 /* version */, 0 /* System V ABI */]);
  out.fields(16, [
    [2, 2 /* ET_EXEC */], [2, machine.eMachine], [4, 1], [8, sectionAddress(layout, "text", image.entry)],
    [8, EHDR_SIZE], [8, shdrOffset], [4, machine.eFlags], [2, EHDR_SIZE], [2, PHDR_SIZE], [2, present.count],
    [2, SHDR_SIZE], [2, SECTION_COUNT], [2, SHSTRTAB_INDEX],
  ]);

  const segments: { flags: number; offset: number; fileSize: number; memSize: number }[] = [];
  const textEnd = layout.text.fileOffset + sizes.text;
  segments.push({ flags: PF_R | PF_X, offset: 0, fileSize: textEnd, memSize: textEnd });
  if (present.rodata) segments.push({ flags: PF_R, offset: layout.rodata.fileOffset, fileSize: sizes.rodata, memSize: sizes.rodata });
  if (present.data) {
    const memSize = layout.bss.address + sizes.bss - layout.data.address;
    segments.push({ flags: PF_R | PF_W, offset: layout.data.fileOffset, fileSize: sizes.data, memSize });
  }
  let at = EHDR_SIZE;
  for (const s of segments) {
    at = out.fields(at, [[4, PT_LOAD], [4, s.flags], [8, s.offset], [8, ELF_BASE + s.offset], [8, ELF_BASE + s.offset], [8, s.fileSize], [8, s.memSize], [8, pageSize]]);
  }
  out.fields(at, [[4, PT_GNU_STACK], [4, PF_R | PF_W], [8, 0], [8, 0], [8, 0], [8, 0], [8, 0], [8, 16]]);

  out.bytes.set(image.text, layout.text.fileOffset);
  out.bytes.set(image.rodata, layout.rodata.fileOffset);
  out.bytes.set(image.data, layout.data.fileOffset);
  for (const r of image.relocations) applyRelocation(out, layout, r, machine);

  // Symbol 0 is the null symbol (all zero); every other is global, so sh_info (first global) is 1.
  image.symbols.forEach((s, i) => {
    const info = (STB_GLOBAL << 4) | SYMBOL_TYPE[s.kind];
    out.fields(symtabOffset + SYM_SIZE * (i + 1), [[4, symbolNames[i]!], [1, info], [1, 0], [2, SECTION_INDEX[s.section]], [8, sectionAddress(layout, s.section, s.offset)], [8, s.size]]);
  });
  out.bytes.set(strtab.bytes(), strtabOffset);
  out.bytes.set(shstrtab.bytes(), shstrtabOffset);

  // Section headers, index 0 the null section: [name, type, flags, addr, offset, size, link, info, align, entsize].
  const headers: Fields[] = LOADED.map((l, i) => {
    const place = layout[l.section];
    return [[4, sectionNames[i]!], [4, l.type], [8, l.flags], [8, place.address], [8, place.fileOffset], [8, place.size], [4, 0], [4, 0], [8, SECTION_ALIGN], [8, 0]];
  });
  headers.push(
    [[4, sectionNames[4]!], [4, SHT_SYMTAB], [8, 0], [8, 0], [8, symtabOffset], [8, symtabSize], [4, STRTAB_INDEX], [4, 1], [8, 8], [8, SYM_SIZE]],
    [[4, sectionNames[5]!], [4, SHT_STRTAB], [8, 0], [8, 0], [8, strtabOffset], [8, strtab.size], [4, 0], [4, 0], [8, 1], [8, 0]],
    [[4, sectionNames[6]!], [4, SHT_STRTAB], [8, 0], [8, 0], [8, shstrtabOffset], [8, shstrtab.size], [4, 0], [4, 0], [8, 1], [8, 0]],
  );
  headers.forEach((fields, i) => out.fields(shdrOffset + SHDR_SIZE * (i + 1), fields));
  return out.bytes;
}
