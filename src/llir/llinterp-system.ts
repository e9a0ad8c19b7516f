/**
 * The LL interpreter's system operations (os_write, os_read, ...), done with Node's own system
 * calls on the bytes of the interpreter's memory, and the bits of doubles.
 */

import type { LLOpHandlers } from "./lloperation.js";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import type { SourcePos } from "./llgraph.js";
import type { LLValue } from "./llgraph.js";
import { LLFatalError, type LLInterpreter, type LLRuntimeValue } from "./llinterp.js";
import { ArrayType, PtrType, Uint8, computeLayout } from "./lltype.js";

type OpImpl = (interp: LLInterpreter, args: LLRuntimeValue[], operands: readonly LLValue[], pos: SourcePos | undefined) => LLRuntimeValue;

/** Thrown by os_exit: the process ends with this status (the runner catches it at the top). */
export class LLExit extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`exit ${status}`);
    this.status = status;
  }
}

const num = (v: LLRuntimeValue) => v as number;

/**
 * A call of machine code (src/lib/system.ts callMachineCode): the LL interpreter has none, so
 * the program stops with a fatal error naming the call's position (what the primitives throw
 * untranslated, MachineCodeError, says the same).
 */
function refuseMachineCode(primitive: string, address: number, pos: SourcePos | undefined): never {
  throw new LLFatalError(
    `${primitive}(0x${address.toString(16)}): machine code runs only in a translated binary (rts translate); untranslated (rts run) and in the LL interpreter (rts run --llinterp) there is none to call`,
    pos,
  );
}
const words = new DataView(new ArrayBuffer(8));

/** Where the bytes of a Uint8Array (a GC array of Uint8) start in memory, and how many there are. */
function bytesOf(interp: LLInterpreter, operand: LLValue, address: number): { start: number; length: number } {
  const type = operand.type;
  if (!(type instanceof PtrType) || !(type.to instanceof ArrayType)) throw new Error("internal error: a system operation on a non-array");
  const layout = computeLayout(type.to);
  return { start: address + layout.itemsOffset!, length: interp.memory.loadWord(address + layout.lengthOffset!) };
}

function errno(error: unknown): number {
  const e = (error as { errno?: unknown }).errno;
  return typeof e === "number" ? -Math.abs(e) : -5;
}

/** write(2) of bytes to fd; standard output and error go to the interpreter's output when it has one. */
function write(interp: LLInterpreter, fd: number, data: Uint8Array): number {
  if (interp.output && (fd === 1 || fd === 2)) {
    interp.output(fd, data);
    return data.length;
  }
  try {
    return writeSync(fd, data);
  } catch (error) {
    return errno(error);
  }
}

export const SYSTEM_OPS = {
  float_high_word: (_, [a]) => {
    words.setFloat64(0, num(a));
    return words.getUint32(0);
  },
  float_low_word: (_, [a]) => {
    words.setFloat64(0, num(a));
    return words.getUint32(4);
  },
  float_from_words: (_, [hi, lo]) => {
    words.setUint32(0, num(hi) >>> 0);
    words.setUint32(4, num(lo) >>> 0);
    return words.getFloat64(0);
  },
  os_write: (interp, [fd, buf, start, length], operands) => {
    const bytes = bytesOf(interp, operands[1]!, num(buf));
    if (num(start) < 0 || num(start) + num(length) > bytes.length) throw new Error("internal error: os_write beyond its array");
    return write(interp, num(fd), interp.memory.bytes(bytes.start + num(start), num(length)));
  },
  os_read: (interp, [fd, buf, start, length], operands) => {
    const bytes = bytesOf(interp, operands[1]!, num(buf));
    if (num(start) < 0 || num(start) + num(length) > bytes.length) throw new Error("internal error: os_read beyond its array");
    if (interp.input && num(fd) === 0) {
      const chunk = interp.input(num(length));
      interp.memory.setBytes(bytes.start + num(start), chunk);
      return chunk.length;
    }
    const into = Buffer.alloc(num(length));
    let n: number;
    for (;;) {
      try {
        n = readSync(num(fd), into, 0, num(length), null);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EAGAIN") continue;
        return errno(error);
      }
    }
    interp.memory.setBytes(bytes.start + num(start), into.subarray(0, n));
    return n;
  },
  os_open_read: (interp, [path], operands) => {
    const bytes = bytesOf(interp, operands[0]!, num(path));
    const all = interp.memory.bytes(bytes.start, bytes.length);
    const end = all.indexOf(0);
    try {
      return openSync(Buffer.from(all.subarray(0, end < 0 ? all.length : end)), "r");
    } catch (error) {
      return errno(error);
    }
  },
  os_close: (_, [fd]) => {
    try {
      closeSync(num(fd));
      return 0;
    } catch (error) {
      return errno(error);
    }
  },
  os_exit: (_, [status]) => {
    throw new LLExit(num(status));
  },
  os_mmap: (interp, [length]) => interp.memory.mapRaw(num(length)),
  os_munmap: (interp, [address, length]) => {
    interp.memory.unmapRaw(num(address), num(length));
    return 0;
  },
  os_write_raw: (interp, [fd, address, length]) => write(interp, num(fd), interp.memory.bytes(num(address), num(length))),
  os_create: (interp, [path]) => {
    let end = num(path);
    while (interp.memory.load(Uint8, end) !== 0) end++;
    try {
      return openSync(Buffer.from(interp.memory.bytes(num(path), end - num(path))), "w", 0o644);
    } catch (error) {
      return errno(error);
    }
  },
  // Raw memory has no pages here: mprotect checks its arguments as Linux does and protects
  // nothing (the simulated memory of untranslated runs, src/lib/system.ts, refuses writes to code
  // made executable).
  os_mprotect: (_, [address, length, prot]) => (num(address) % 4096 !== 0 || num(length) < 0 || num(prot) < 0 || num(prot) > 7 ? -22 : 0),
  call_machine_code: (_, [address], _operands, pos) => refuseMachineCode("callMachineCode", num(address), pos),
  call_machine_code_by_kind: (_, [address], _operands, pos) => refuseMachineCode("callMachineCodeByKind", num(address), pos),
  // Linux's clock ids, as rts/system's osClock (src/llir imports no library)
  os_clock: (_, [clock]) => {
    if (clock === 0) return Date.now() / 1000;
    if (clock === 2) {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    }
    return Number(process.hrtime.bigint()) / 1e9;
  },
} satisfies Partial<LLOpHandlers<OpImpl>>;
