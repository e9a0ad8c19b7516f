/**
 * The system primitives ("rts/system"): the few operations the runtime written in RTS
 * (src/runtime) needs from below, as RPython's ll helpers use rffi and llop. Untranslated
 * they run on Node (so the helpers are tested as plain TypeScript); the translator lowers each
 * call to one LL operation (`os_write`, `str_from_units`, ...), which the LL interpreter and each
 * backend implement (the backends as Linux system calls).
 *
 * Interpreters written in RTS do not import this module: they use console.log,
 * process.stdout.write and readFileSync, which the rtyper lowers to the runtime built on these.
 */

import { closeSync, openSync, readSync, writeSync } from "node:fs";

/** write(2): writes bytes [start, start + length) of buf to fd; returns the count written, or -errno. */
export function osWrite(fd: number, buf: Uint8Array, start: number, length: number): number {
  try {
    return writeSync(fd, buf, start, length);
  } catch (error) {
    return errnoOf(error);
  }
}

/** read(2) into bytes [start, start + length) of buf; returns the count read (0 at end of file), or -errno. */
export function osRead(fd: number, buf: Uint8Array, start: number, length: number): number {
  try {
    return readSync(fd, buf, start, length, null);
  } catch (error) {
    return errnoOf(error);
  }
}

/** open(2) for reading of the file named by the bytes of path up to its first 0; returns the fd, or -errno. */
export function osOpenRead(path: Uint8Array): number {
  let end = 0;
  while (end < path.length && path[end] !== 0) end++;
  try {
    return openSync(Buffer.from(path.subarray(0, end)), "r");
  } catch (error) {
    return errnoOf(error);
  }
}

/** close(2). */
export function osClose(fd: number): number {
  try {
    closeSync(fd);
    return 0;
  } catch (error) {
    return errnoOf(error);
  }
}

/** exit_group(2): ends the process at once (the runtime flushes its buffers first). */
export function osExit(status: number): void {
  process.exit(status);
}

/** The clocks of osClock: Linux's clock ids. */
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;

/**
 * clock_gettime(2) in seconds, of one of the clocks above: the time since 1970, the monotonic
 * clock, or the processor time the process used (user and system).
 */
export function osClock(clock: number): number {
  if (clock === CLOCK_REALTIME) return Date.now() / 1000;
  if (clock === CLOCK_PROCESS_CPUTIME_ID) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  return Number(process.hrtime.bigint()) / 1e9;
}

/** A new string of the UTF-16 code units [start, end) of units. */
export function strFromUnits(units: Uint16Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i += 4096) s += String.fromCharCode(...units.subarray(i, Math.min(end, i + 4096)));
  return s;
}

function errnoOf(error: unknown): number {
  const errno = (error as { errno?: unknown }).errno;
  return typeof errno === "number" ? -Math.abs(errno) : -5; // EIO when Node does not say
}

// ---- raw memory, for the collector (src/runtime/gc) and later the JIT runtime
//
// Translated, these are single machine instructions or system calls on the process's memory.
// Untranslated (unit tests of the collector on Node) they work on a simulated address space: a
// growable byte array in which osMmap hands out page-aligned, zero-filled ranges; an access
// outside every mapped range throws, so that a collector bug shows at the bad access.

const PAGE = 4096;

/** mprotect(2)'s protection bits, for osMprotect: Linux's values. */
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/** Simulated addresses start here: small values stay invalid, as null and sentinels are. */
const SIMULATED_BASE = 1 << 20;

/** A simulated page's byte: MAPPED plus its PROT_* bits (0: not mapped). */
const MAPPED = 8;

class SimulatedMemory {
  buffer = new ArrayBuffer(1 << 20);
  view = new DataView(this.buffer);
  bytes = new Uint8Array(this.buffer);
  /** One byte per page from SIMULATED_BASE: MAPPED | its protection while mapped, 0 otherwise. */
  pages = new Uint8Array(256);
  top = SIMULATED_BASE;
  mapped = 0;
  shared = 0;
  /** The fake addresses functionAddress gave, by function (the simulated process's, reset with it). */
  functionAddresses = new Map<(...args: never[]) => unknown, number>();

  /** The offset in bytes of [address, address + length), which must be mapped (and writable for a store). */
  check(address: number, length: number, store = false): number {
    if (!Number.isSafeInteger(address) || address < SIMULATED_BASE || address + length > this.top) {
      throw new Error(`simulated memory: access to unmapped address 0x${address.toString(16)}`);
    }
    for (let page = Math.floor((address - SIMULATED_BASE) / PAGE); page <= Math.floor((address + length - 1 - SIMULATED_BASE) / PAGE); page++) {
      const bits = this.pages[page]!;
      if (bits === 0) throw new Error(`simulated memory: access to unmapped address 0x${address.toString(16)}`);
      if (store && (bits & PROT_WRITE) === 0) {
        throw new Error(`simulated memory: write to address 0x${address.toString(16)}, which osMprotect made read-only (machine code is writable only before makeExecutable)`);
      }
    }
    return address - SIMULATED_BASE;
  }

  protect(address: number, length: number, prot: number): number {
    // Linux also takes PROT_SEM (8) and the PROT_GROWS* bits, which code memory has no use for: refused here.
    if (address % PAGE !== 0 || prot < 0 || prot > 7 || !Number.isSafeInteger(length) || length < 0) return -22; // EINVAL
    if (length === 0) return 0;
    const size = Math.ceil(length / PAGE) * PAGE;
    if (address < SIMULATED_BASE || address + size > this.top) return -12; // ENOMEM: not mapped
    const first = (address - SIMULATED_BASE) / PAGE;
    for (let page = first; page < first + size / PAGE; page++) if (this.pages[page] === 0) return -12;
    this.pages.fill(MAPPED | prot, first, first + size / PAGE);
    return 0;
  }

  map(length: number): number {
    const size = Math.ceil(length / PAGE) * PAGE;
    const address = this.top;
    const end = address - SIMULATED_BASE + size;
    if (end > this.buffer.byteLength) {
      let capacity = this.buffer.byteLength;
      while (capacity < end) capacity *= 2;
      const grown = new ArrayBuffer(capacity);
      new Uint8Array(grown).set(this.bytes);
      this.buffer = grown;
      this.view = new DataView(grown);
      this.bytes = new Uint8Array(grown);
    }
    const pageCount = end / PAGE;
    if (pageCount > this.pages.length) {
      let capacity = this.pages.length;
      while (capacity < pageCount) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.pages);
      this.pages = grown;
    }
    this.pages.fill(MAPPED | PROT_READ | PROT_WRITE, (address - SIMULATED_BASE) / PAGE, pageCount);
    this.bytes.fill(0, address - SIMULATED_BASE, end);
    this.top = address + size;
    this.mapped += size;
    return address;
  }

  unmap(address: number, length: number): number {
    const size = Math.ceil(length / PAGE) * PAGE;
    if (address % PAGE !== 0) return -22; // EINVAL
    const at = this.check(address, size);
    this.bytes.fill(0xdd, at, at + size);
    this.pages.fill(0, at / PAGE, (at + size) / PAGE);
    this.mapped -= size;
    return 0;
  }
}

let memory = new SimulatedMemory();

/** Untranslated only (tests): a fresh, empty simulated address space. */
export function resetSimulatedMemory(): void {
  memory = new SimulatedMemory();
}

/** Untranslated only (tests): the bytes mapped and not unmapped in the simulated address space. */
export function simulatedMappedBytes(): number {
  return memory.mapped;
}

/** The 64-bit word at address + offset. */
export function loadWord(address: number, offset: number): number {
  return Number(memory.view.getBigInt64(memory.check(address + offset, 8), true));
}

export function storeWord(address: number, offset: number, value: number): void {
  memory.view.setBigInt64(memory.check(address + offset, 8, true), BigInt(value), true);
}

/** The signed 32-bit word at address + offset. */
export function loadInt32(address: number, offset: number): number {
  return memory.view.getInt32(memory.check(address + offset, 4), true);
}

export function storeInt32(address: number, offset: number, value: number): void {
  memory.view.setInt32(memory.check(address + offset, 4, true), value, true);
}

/** The byte at address + offset (0..255). */
export function loadByte(address: number, offset: number): number {
  return memory.view.getUint8(memory.check(address + offset, 1));
}

export function storeByte(address: number, offset: number, value: number): void {
  memory.view.setUint8(memory.check(address + offset, 1, true), value & 0xff);
}

/** Copies length bytes from source to target (the ranges do not overlap). */
export function copyMemory(target: number, source: number, length: number): void {
  if (length <= 0) return;
  const from = memory.check(source, length);
  memory.bytes.copyWithin(memory.check(target, length, true), from, from + length);
}

/** Fills length bytes at address with zeros. */
export function clearMemory(address: number, length: number): void {
  if (length <= 0) return;
  const at = memory.check(address, length, true);
  memory.bytes.fill(0, at, at + length);
}

/** mmap(2) of length bytes of fresh zero-filled memory (page-aligned); the address, or -errno. */
export function osMmap(length: number): number {
  return memory.map(length);
}

/** munmap(2) of memory osMmap gave; 0 or -errno. */
export function osMunmap(address: number, length: number): number {
  return memory.unmap(address, length);
}

// ---- machine code, for the JIT (issue 17): memory for code and calls into it
//
// RPython's JIT gets code memory from its AsmMemoryManager (rmmap.alloc) and calls compiled code
// through a function pointer cast from the address; these are the same at the level of system
// code. Memory for code is W^X: mapped readable and writable, the code written into it (with
// storeByte, copyMemory, ...), then made read+execute with osMprotect before it is called, and
// writable again (read+write) while it is patched. On x86-64 the instruction cache is coherent with
// data writes, so nothing is flushed after writing code; AArch64 will need a cache flush (and
// Apple's systems MAP_JIT) at these points.
//
// Untranslated (Node) and in the LL interpreter there is no machine code: mapping, writing and
// protecting code memory work on the simulated memory (so an assembler test runs up to the call,
// and a write to code made executable fails there as it would in the binary), and each call
// stops with MachineCodeError.

/** What calling machine code does untranslated: it runs only in a translated binary. */
export class MachineCodeError extends Error {
  override name = "MachineCodeError";
}

function refuseMachineCode(primitive: string, address: number): never {
  throw new MachineCodeError(
    `${primitive}(0x${address.toString(16)}): machine code runs only in a translated binary (rts translate); untranslated (rts run) and in the LL interpreter (rts run --llinterp) there is none to call`,
  );
}

/**
 * mmap(2) of length bytes of memory for machine code: fresh zero-filled pages, readable and
 * writable, not executable (osMprotect makes them read+execute once the code is written); the
 * address, or -errno. On Linux the same mapping as osMmap; a primitive of its own because other
 * systems map code differently (macOS's MAP_JIT). osMunmap frees it.
 */
export function osMmapCode(length: number): number {
  return memory.map(length);
}

/**
 * mprotect(2) of the pages of [address, address + length) (address page-aligned) to prot, a
 * combination of PROT_READ, PROT_WRITE and PROT_EXEC; 0 or -errno (-EINVAL, -ENOMEM when not
 * mapped). Untranslated the simulated memory keeps the protection: a store to a page without
 * PROT_WRITE throws.
 */
export function osMprotect(address: number, length: number, prot: number): number {
  return memory.protect(address, length, prot);
}

/**
 * Calls the machine code at address with up to 6 integer arguments, under the binary's internal
 * calling convention (the one every translated function follows: src/backend-x86/codegen/locations.ts):
 * arguments in rdi rsi rdx rcx r8 r9, the result in rax; the callee keeps rbx rbp r12-r15 and
 * xmm11-13, keeps rbp a frame pointer chained to its caller's (or leaves it alone: stack traces
 * walk the chain), and finds rsp 16-aligned before its call. The integer in rax is the result.
 * Machine code may call functions of the program (functionAddress), which may allocate (a
 * collection may run during the call) and raise: an exception left pending by the code is
 * raised by the call, as by any call of a function. Untranslated it throws MachineCodeError.
 */
export function callMachineCode(address: number, ...args: number[]): number {
  void args;
  return refuseMachineCode("callMachineCode", address);
}

/**
 * A call by address with arguments by kind, for the JIT's CPU (RPython's bh_call_i): the items
 * of ints (integers and references, in the order of the call's integer-class arguments) go in
 * rdi rsi rdx rcx r8 r9, those of floats in xmm0-7, under the internal calling convention as
 * callMachineCode; the integer in rax is the result. More than 6 integers or 8 floats (the
 * convention's stack arguments, which would need the interleaving of the two kinds) stop the
 * program with a fatal error. Untranslated it throws MachineCodeError.
 */
export function callMachineCodeByKind(address: number, ints: number[], floats: number[]): number {
  void ints;
  void floats;
  return refuseMachineCode("callMachineCodeByKind", address);
}

/** callMachineCodeByKind for code whose result is a float (in xmm0; RPython's bh_call_f). */
export function callMachineCodeByKindFloat(address: number, ints: number[], floats: number[]): number {
  void ints;
  void floats;
  return refuseMachineCode("callMachineCodeByKindFloat", address);
}

/** The fake addresses functionAddress gives untranslated, above any simulated memory. */
const FAKE_FUNCTION_BASE = 0x7f0000000000;

/**
 * The address of a function of the program, for machine code to call it (the internal calling
 * convention, as callMachineCode describes it). The function takes integers (the annotator
 * annotates it as called with an integer for each parameter it declares) and returns an integer
 * or nothing; a constant function, not a variable. Untranslated a distinct address that
 * no memory holds (there is no machine code to call it).
 */
export function functionAddress(fn: (...args: never[]) => unknown): number {
  const known = memory.functionAddresses;
  let address = known.get(fn);
  if (address === undefined) {
    address = FAKE_FUNCTION_BASE + 16 * known.size;
    known.set(fn, address);
  }
  return address;
}

/** The block of words the collector shares with the machine code (src/runtime/gc/layout.ts SHARED_*). */
export function gcShared(): number {
  if (memory.shared === 0) memory.shared = memory.map(PAGE);
  return memory.shared;
}

/**
 * Sets the JIT's parameter of the index (src/lib/jit-params.ts P_*) to the value: the
 * `jit_set_param` operation driver.setParam lowers to, for jitSetUserParam (src/runtime/jit).
 * Untranslated there is no JIT: nothing is set.
 */
export function jitSetParam(index: number, value: number): void {
  void index;
  void value;
}

/**
 * The sites of the running calls into trace, innermost first (the `stack_trace` operation,
 * src/rtyper/stack-trace.ts), for a runtime that must print a stack trace without allocating.
 * Untranslated there are no sites: trace is left as it is.
 */
export function stackTrace(trace: Int32Array): void {
  void trace;
}

/** write(2) of length bytes at a raw address; the count written, or -errno. */
export function osWriteRaw(fd: number, address: number, length: number): number {
  const at = memory.check(address, length);
  return osWrite(fd, memory.bytes, at, length);
}

/** open(2) for writing (created, truncated, mode 0644) of the file named by the NUL-terminated bytes at a raw address; the fd, or -errno. */
export function osCreate(path: number): number {
  let end = 0;
  while (loadByte(path, end) !== 0) end++;
  const at = memory.check(path, end);
  try {
    return openSync(Buffer.from(memory.bytes.subarray(at, at + end)), "w", 0o644);
  } catch (error) {
    return errnoOf(error);
  }
}
