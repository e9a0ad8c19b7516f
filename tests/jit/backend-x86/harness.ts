// Runs traces compiled by the x86-64 trace backend for real, without a translation: many runs
// batched into one tiny static ELF (src/backend/elf.ts), whose _start calls each run's trace with
// its own JIT frame (inputs in the io slots), then writes its whole data section (the memory
// buffer the traces may read and write, then the frames: jf_descr and the io slots after each
// run) to stdout and exits. The same runs in the trace interpreter (a TraceCPU over a copy of the
// same memory, at the same addresses) give what each native run must equal.

import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Assembler } from "../../../src/runtime/x86/assembler.ts";
import { layoutImage, writeExecutable } from "../../../src/backend-x86/elf.ts";
import { CALL_r, MOV_ri, MOV_ri64, SYSCALL, XOR32_rr } from "../../../src/runtime/x86/instructions.ts";
import { RAX, RDI, RDX, RSI } from "../../../src/runtime/x86/registers.ts";
import type { AssembledTrace } from "../../../src/runtime/jit/backend-x86/assemble-trace.ts";
import { slotOffset } from "../../../src/runtime/jit/backend-x86/frame.ts";
import { type TraceExit } from "../../../src/runtime/jit/trace-interp.ts";
import { TraceCPU, TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";

/** One call of a compiled trace with its inputs. */
export interface NativeRun {
  trace: AssembledTrace;
  inputs: TraceValues;
}

/** What a run left: the exit's number and the io slots' 64 bits. */
export interface NativeResult {
  exit: number;
  slots: DataView;
}

const CODE_ALIGN = 16;

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** The runs' frames, the memory before them, and the text: where everything goes. */
class BatchLayout {
  readonly codeOffsets = new Map<AssembledTrace, number>();
  readonly frameOffsets: number[] = [];
  readonly textSize: number;
  readonly dataSize: number;
  readonly memoryAddress: number;
  readonly dataAddress: number;
  readonly textAddress: number;

  constructor(traces: AssembledTrace[], frameWords: number[], memorySize: number) {
    let text = align(startCode(frameWords.length, () => 0, () => 0, 0, 0).length, CODE_ALIGN);
    for (const t of traces) {
      if (this.codeOffsets.has(t)) continue;
      this.codeOffsets.set(t, text);
      text = align(text + t.code.length, CODE_ALIGN);
    }
    this.textSize = text;
    let data = align(memorySize, 64);
    for (const words of frameWords) {
      this.frameOffsets.push(data);
      data += words * 8;
    }
    this.dataSize = Math.max(data, 8);
    const layout = layoutImage({ text: this.textSize, rodata: 0, data: this.dataSize, bss: 0 });
    this.textAddress = layout.text.address;
    this.dataAddress = layout.data.address;
    this.memoryAddress = this.dataAddress;
  }
}

/** _start: each run's call (frame address in RDI), then write(1, data, size) and exit_group(0). */
function startCode(runs: number, frame: (i: number) => number, code: (i: number) => number, dataAddress: number, dataSize: number): Uint8Array {
  const asm = new Assembler();
  for (let i = 0; i < runs; i++) {
    asm.ri(MOV_ri64, RDI, frame(i));
    asm.ri(MOV_ri64, RAX, code(i));
    asm.r(CALL_r, RAX);
  }
  asm.ri(MOV_ri64, RAX, 1);
  asm.ri(MOV_ri64, RDI, 1);
  asm.ri(MOV_ri64, RSI, dataAddress);
  asm.ri(MOV_ri64, RDX, dataSize);
  asm.none(SYSCALL);
  asm.ri(MOV_ri, RAX, 231);
  asm.rr(XOR32_rr, RDI, RDI);
  asm.none(SYSCALL);
  return asm.bytes();
}

/**
 * A batch of runs in one executable. Give the traces and the memory size first (`layout`), so
 * that inputs can hold addresses of the memory (`memoryAddress`); then `run`.
 */
export class NativeBatch {
  private layoutCache: BatchLayout | undefined;
  private readonly runsTraces: AssembledTrace[];
  private readonly memorySize: number;

  constructor(runsTraces: AssembledTrace[], memorySize: number) {
    this.runsTraces = runsTraces;
    this.memorySize = memorySize;
    for (const t of runsTraces) if (t.refusal !== "") throw new Error(`a refused trace cannot run: ${t.refusal}`);
  }

  private layout(): BatchLayout {
    this.layoutCache ??= new BatchLayout(
      this.runsTraces,
      this.runsTraces.map((t) => t.frameWords),
      this.memorySize,
    );
    return this.layoutCache;
  }

  /** Where the memory buffer is in the running executable. */
  memoryAddress(): number {
    return this.layout().memoryAddress;
  }

  /** Runs the traces in order, run i with inputs[i], on the memory given (copied into the data section). */
  run(inputs: TraceValues[], memory: Uint8Array): { results: NativeResult[]; memory: Uint8Array } {
    const layout = this.layout();
    const data = new Uint8Array(layout.dataSize);
    data.set(memory.subarray(0, this.memorySize), 0);
    const view = new DataView(data.buffer);
    this.runsTraces.forEach((trace, i) => {
      const values = inputs[i]!;
      if (values.count() > trace.ioSlots) throw new Error(`run ${i}: ${values.count()} inputs for ${trace.ioSlots} io slots`);
      const frame = layout.frameOffsets[i]!;
      for (let k = 0; k < values.count(); k++) {
        const at = frame + slotOffset(k);
        const kind = values.kinds[k];
        if (kind === "f") view.setFloat64(at, values.floats[k]!, true);
        else view.setBigInt64(at, BigInt(kind === "r" ? values.refs[k]! : values.ints[k]!), true);
      }
    });
    let text = startCode(
      this.runsTraces.length,
      (i) => layout.dataAddress + layout.frameOffsets[i]!,
      (i) => layout.textAddress + layout.codeOffsets.get(this.runsTraces[i]!)!,
      layout.dataAddress,
      layout.dataSize,
    );
    const all = new Uint8Array(layout.textSize);
    all.set(text, 0);
    for (const [trace, offset] of layout.codeOffsets) all.set(trace.code, offset);
    text = all;
    const dir = mkdtempSync(path.join(tmpdir(), "rts-trace-backend-"));
    const file = path.join(dir, "traces");
    try {
      writeFileSync(file, writeExecutable({ text, rodata: new Uint8Array(0), data, bssSize: 0, entry: 0, relocations: [], symbols: [] }));
      chmodSync(file, 0o755);
      const out = execFileSync(file, [], { maxBuffer: 1 << 30, timeout: 60_000 });
      if (out.length !== layout.dataSize) throw new Error(`the executable wrote ${out.length} bytes, not ${layout.dataSize}`);
      const outView = new DataView(out.buffer, out.byteOffset, out.length);
      const results = this.runsTraces.map((trace, i) => {
        const frame = layout.frameOffsets[i]!;
        return { exit: Number(outView.getBigInt64(frame, true)), slots: new DataView(out.buffer, out.byteOffset + frame + slotOffset(0), trace.ioSlots * 8) };
      });
      return { results, memory: new Uint8Array(out.subarray(0, this.memorySize)) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** A TraceCPU over a byte buffer seen at `base` (the native run's memory); an instance's class is the word at offset 8. */
export class BufferCPU extends TraceCPU {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly base: number;

  constructor(bytes: Uint8Array, base: number) {
    super();
    this.bytes = bytes;
    this.base = base;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  private at(address: number, size: number): number {
    const offset = address - this.base;
    if (offset < 0 || offset + size > this.bytes.length) throw new Error(`address ${address} is outside the test memory`);
    return offset;
  }
  override loadInt(address: number, size: number, signed: boolean): number {
    const o = this.at(address, size);
    const v = this.view;
    if (size === 8) return Number(v.getBigInt64(o, true));
    if (size === 4) return signed ? v.getInt32(o, true) : v.getUint32(o, true);
    if (size === 2) return signed ? v.getInt16(o, true) : v.getUint16(o, true);
    return signed ? v.getInt8(o) : v.getUint8(o);
  }
  override storeInt(address: number, size: number, value: number): void {
    const o = this.at(address, size);
    const v = this.view;
    if (size === 8) v.setBigInt64(o, BigInt(value), true);
    else if (size === 4) v.setInt32(o, value | 0, true);
    else if (size === 2) v.setInt16(o, value, true);
    else v.setInt8(o, value);
  }
  override loadFloat(address: number): number {
    return this.view.getFloat64(this.at(address, 8), true);
  }
  override storeFloat(address: number, value: number): void {
    this.view.setFloat64(this.at(address, 8), value, true);
  }
  override loadRef(address: number): number {
    return this.loadInt(address, 8, true);
  }
  override storeRef(address: number, value: number): void {
    this.storeInt(address, 8, value);
  }
  override classOf(ref: number): number {
    return this.loadInt(ref + 8, 8, true);
  }
}

/** The 64 bits of a float as the native code holds them; every NaN as one (JavaScript does not keep NaN payloads). */
function floatBits(x: number): bigint {
  if (Number.isNaN(x)) return 0x7ff8000000000000n;
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x, true);
  return v.getBigUint64(0, true);
}

/**
 * The difference between a native result and the trace interpreter's exit, as text ("" when
 * equal): the same exit (the same guard or finish, and its descriptor) and the same values of its fail arguments. An integer
 * the interpreter gives at or past 2^53 is not compared: on Node it is inexact (RTS's integers are
 * exact up to 2^53; a translated program stops past them), the machine code's is exact.
 */
export function compareWithInterpreter(trace: AssembledTrace, native: NativeResult, expected: TraceExit): string {
  // by operation: the peeled loop's guards share the preamble's descriptors (src/runtime/jit/README.md)
  const expectedExit = trace.exitOps.indexOf(expected.op);
  if (native.exit !== expectedExit || trace.exits[native.exit] !== expected.descr) {
    const name = (n: number) => (n >= 0 && n < trace.exits.length ? trace.exits[n]!.name : `#${n}`);
    return `exit ${name(native.exit)} (${native.exit}), the interpreter left at ${expected.descr.name} (${expectedExit})`;
  }
  const values = expected.values;
  for (let k = 0; k < values.count(); k++) {
    const kind = values.kinds[k];
    if (kind === "f") {
      const got = native.slots.getFloat64(k * 8, true);
      if (floatBits(got) !== floatBits(values.floats[k]!)) return `value ${k}: ${got}, the interpreter has ${values.floats[k]}`;
    } else {
      const got = native.slots.getBigInt64(k * 8, true);
      const wanted = kind === "r" ? values.refs[k]! : values.ints[k]!;
      if (Math.abs(wanted) >= 2 ** 53) continue;
      const want = BigInt(wanted);
      if (got !== want) return `value ${k}: ${got}, the interpreter has ${want}`;
    }
  }
  return "";
}
