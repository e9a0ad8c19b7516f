/**
 * The x86-64 trace backend as a binary's JIT uses it (RPython's backend/x86 CPU: compile_loop,
 * compile_bridge, execute_token): assembleTrace's code mapped into executable pages (rts/system
 * osMmapCode, osMprotect), and run with callMachineCode on the backend's JIT frame (raw memory:
 * the inputs written to its io slots, the exit's values read back from them, floats as their
 * bits). A trace assembleTrace refuses is left to the trace interpreter (TraceBackend's
 * contract).
 *
 * Traces go on in each other without returning (linkExits): every trace starts with the same
 * prologue and runs on the same frame, so an exit that has written its values to the io slots
 * can jump to another trace's entry (after its prologue), which reads them there as its inputs;
 * the jump at the end of the exit's path (TraceAssembler.exitJumps) is patched, as RPython
 * patches a guard's jump to its bridge. Hence one frame for all traces (FRAME_WORDS; a trace
 * needing more is refused) and exit numbers unique among all live traces: the number the code
 * returns may be an exit of any trace it went on in. A trace's exits are numbered when it is
 * mapped (each exit tail's `mov eax, number` patched, AssembledTrace.exitNumberAt), from the
 * numbers freed traces gave back first, so that the exit tables stay as long as the live traces'
 * exits (loop_longevity frees traces: free).
 *
 * The code keeps the internal calling convention callMachineCode asks for: it saves the
 * callee-saved registers it uses (regalloc.ts never gives it xmm11-13, which that convention
 * keeps too). It calls the program's functions and the collector's (calls.ts): the warm runner
 * holds the heap while it runs, so nothing moves under it but at its safe points, where
 * `jitSafePoint` collects with the references it passes as roots. An exception a failing guard
 * took out of exc_data comes back in the frame's jf_guard_exc, and becomes the CPU's pending
 * exception. The runtime's addresses the code needs are taken at the first compilation
 * (functionAddress, the collector's shared block, the CPU's exc_data address).
 *
 * RTS: translated into binaries built with `--jit`; untranslated there is no machine code to
 * run (callMachineCode throws), so `rts run --llinterp --jit` never makes this backend.
 */

import { PROT_EXEC, PROT_READ, PROT_WRITE, callMachineCode, functionAddress, gcShared, loadByte, loadWord, osMmap, osMmapCode, osMprotect, osMunmap, storeByte, storeInt32, storeWord } from "rts/system";
import { gcAllocSlow, gcCollectHeldWithRoots, gcNurseryReservedEnd, gcNurseryStart, gcWriteBarrierArraySlow, gcWriteBarrierSlow } from "../../gc/collector.js";
import { FLAGS_OFFSET, LARGE_YOUNG, PREBUILT, SHARED_JIT_SAFE_POINT, TRACK_YOUNG_PTRS } from "../../gc/layout.js";
import { Descr, ResOperation, Trace } from "../history.js";
import { logCodeDump } from "../jitlog.js";
import { logEnabled, logFlush, logInt, logNewline, logStart, logStop, logText } from "../../log.js";
import { envFlag } from "../../env.js";
import { PerfMap } from "../perf-map.js";
import { GuardWithVirtuals } from "../optimizeopt/guard-virtuals.js";
import { RESOPS, opnumOf } from "../resoperation.js";
import { loadFloatBits, NativeCPU, storeFloatBits, TYPEPTR_OFFSET } from "../native-cpu.js";
import { MachineTrace, TraceBackend } from "../trace-backend.js";
import { TraceCPUError, TraceValues } from "../trace-cpu.js";
import { TraceExit } from "../trace-interp.js";
import { assembleTrace } from "./assemble-trace.js";
import { ExitTable } from "./exit-table.js";
import { InvalidationWords } from "./invalidation.js";
import { FRAME_GUARD_EXC_OFFSET, slotOffset } from "./frame.js";
import { BackendConfig } from "./trace-assembler.js";

const PAGE = 4096;
/** The opcode of `mov eax, imm32` (B8+rd, RAX): an exit tail's first byte. */
const MOV_EAX_IMM32 = 0xb8;
const TWO_31 = 2147483648;
/** The words of the JIT frame every trace runs on (jf_descr, io and spill slots): 64 KiB. */
const FRAME_WORDS = 8192;
/** The counters jit-backend-counts can have (mapped when it is logged; pages the counters do not reach stay untouched). */
const COUNTER_WORDS = 1048576;

export class X86TraceBackend extends TraceBackend {
  private readonly cpu: NativeCPU;
  private readonly config: BackendConfig;
  private refusal: string;
  /** The frame, mapped at the first compilation (0 before). */
  private frame: number;
  /**
   * Every exit of every live trace, by the number its code returns: descriptor, operation (its
   * values detached from its trace once compiled: WarmRunner.compile), the absolute address of
   * its patchable rel32.
   */
  private readonly exits: ExitTable;
  /** The traces' invalidation words (guard_not_invalidated). */
  private readonly invalidation: InvalidationWords;
  /** The counters' words (jit-backend-counts; 0: not counting), and whether that was decided (at the first compilation). */
  private counters: number;
  private countingDecided: boolean;
  /** With RTS_PERF_MAP=1: /tmp/perf-PID.map, a line per trace (decided with the counting, at the first compilation). */
  private perfMap: PerfMap | null;

  /** The CPU the runner's other parts run on: its exception state, its runtime's addresses; an instance's class where it reads it. */
  constructor(cpu: NativeCPU) {
    super();
    this.cpu = cpu;
    this.config = new BackendConfig(TYPEPTR_OFFSET);
    this.refusal = "";
    this.frame = 0;
    this.exits = new ExitTable();
    this.invalidation = new InvalidationWords();
    this.counters = 0;
    this.countingDecided = false;
    this.perfMap = null;
  }

  override makesMachineCode(): boolean {
    return true;
  }

  override compile(trace: Trace, name: string, title: string): MachineTrace | null {
    const config = this.config;
    // numbered when mapped
    config.firstExit = 0;
    if (!this.countingDecided) {
      this.startCounting();
      this.setRuntimeAddresses();
    }
    config.entryName = name;
    config.invalidationWord = hasGuardNotInvalidated(trace) ? this.invalidation.take() : 0;
    const counters = config.counterNames.length;
    const nextCounter = config.nextCounter;
    const assembled = assembleTrace(trace, config);
    this.refusal = assembled.refusal;
    if (assembled.refusal === "" && assembled.frameWords > FRAME_WORDS) this.refusal = `its frame needs ${assembled.frameWords} words, more than the ${FRAME_WORDS} of the JIT frame`;
    if (this.refusal !== "") {
      // the counters it took count nothing
      while (config.counterNames.length > counters) config.counterNames.pop();
      config.nextCounter = nextCounter;
      if (config.invalidationWord !== 0) this.invalidation.give(config.invalidationWord);
      return null;
    }
    if (this.frame === 0) {
      this.frame = osMmap(8 * FRAME_WORDS);
      if (this.frame < 0) throw new TraceCPUError(`osMmap of the JIT frame failed: ${this.frame}`);
    }
    const code = assembled.code;
    const mapped = Math.ceil(code.length / PAGE) * PAGE;
    const address = osMmapCode(mapped);
    if (address < 0) throw new TraceCPUError(`osMmapCode(${mapped}) failed: ${address}`);
    const exits: number[] = [];
    for (let k = 0; k < assembled.exits.length; k++) {
      const exit = this.exits.add(assembled.exits[k]!, assembled.exitOps[k]!, address + assembled.exitJumps[k]!);
      exits.push(exit);
      const at = assembled.exitNumberAt[k]!;
      if (code[at - 1] !== MOV_EAX_IMM32) throw new TraceCPUError(`exit ${k}'s number is not the immediate of a mov eax at ${at}`);
      code[at] = exit & 255;
      code[at + 1] = (exit >> 8) & 255;
      code[at + 2] = (exit >> 16) & 255;
      code[at + 3] = (exit >> 24) & 255;
    }
    for (let i = 0; i < code.length; i++) storeByte(address, i, code[i]!);
    const status = osMprotect(address, mapped, PROT_READ | PROT_EXEC);
    if (status !== 0) throw new TraceCPUError(`osMprotect of compiled code failed: ${status}`);
    if (this.perfMap !== null) this.perfMap.add(address, assembled.instructionsSize, title);
    if (logEnabled("jit-backend-dump")) logCodeDump(address, code, assembled.instructionsSize);
    let kinds = "";
    for (let i = 0; i < trace.inputArgs.length; i++) kinds += trace.inputArgs[i]!.kind;
    return new MachineTrace(address, assembled.instructionsSize, address + assembled.entryOffset, kinds, mapped, exits, config.invalidationWord);
  }

  override invalidate(code: MachineTrace): void {
    if (code.invalidationWord !== 0) storeWord(code.invalidationWord, 0, 1);
  }

  override free(code: MachineTrace): void {
    if (code.invalidationWord !== 0) this.invalidation.give(code.invalidationWord);
    const exits = code.exits;
    for (let k = 0; k < exits.length; k++) this.exits.remove(exits[k]!);
    const status = osMunmap(code.address, code.mappedSize);
    if (status !== 0) throw new TraceCPUError(`osMunmap of compiled code failed: ${status}`);
  }

  /**
   * At the first compilation, in the binary (these are addresses of this process): the runtime's
   * functions and words that calls, allocation, write barriers and safe points use (calls.ts).
   */
  private setRuntimeAddresses(): void {
    const config = this.config;
    config.allocSlow = functionAddress(gcAllocSlow);
    config.writeBarrier = functionAddress(gcWriteBarrierSlow);
    config.writeBarrierArray = functionAddress(gcWriteBarrierArraySlow);
    config.safePoint = functionAddress(jitSafePoint);
    config.safePointDue = gcShared() + SHARED_JIT_SAFE_POINT;
    config.excValue = this.cpu.excValueAddress;
    config.gcFlagsOffset = FLAGS_OFFSET;
    config.gcTrackYoungPtrs = TRACK_YOUNG_PTRS;
    config.nurseryStart = gcNurseryStart();
    // The reserved end: the nursery may grow after this (collector.ts growNursery).
    config.nurseryEnd = gcNurseryReservedEnd();
    config.gcPrebuilt = PREBUILT;
    config.gcLargeYoung = LARGE_YOUNG;
  }

  /** At the first compilation: counters only when jit-backend-counts is logged (PyPy's way: the code pays for them only then); the perf map when asked. */
  private startCounting(): void {
    this.countingDecided = true;
    if (envFlag("RTS_PERF_MAP")) this.perfMap = new PerfMap();
    if (!logEnabled("jit-backend-counts")) return;
    const area = osMmap(8 * COUNTER_WORDS);
    if (area < 0) return;
    this.counters = area;
    this.config.nextCounter = area;
    this.config.countersEnd = area + 8 * COUNTER_WORDS;
  }

  override writeCounts(): boolean {
    if (this.counters === 0) return false;
    const names = this.config.counterNames;
    if (logStart("jit-backend-counts")) {
      for (let k = 0; k < names.length; k++) {
        logText(names[k]!);
        logText(":");
        logInt(loadWord(this.counters, 8 * k));
        logNewline();
      }
    }
    logStop("jit-backend-counts");
    logFlush();
    return true;
  }

  override lastRefusal(): string {
    return this.refusal;
  }

  override run(code: MachineTrace, inputs: TraceValues): TraceExit {
    const frame = this.frame;
    const kinds = code.inputKinds;
    if (inputs.count() !== kinds.length) throw new TraceCPUError(`the code takes ${kinds.length} inputs, got ${inputs.count()}`);
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds.charAt(i);
      if (kind !== inputs.kinds[i]) throw new TraceCPUError(`input ${i} is of kind ${inputs.kinds[i]}, the code takes ${kind}`);
      const at = frame + slotOffset(i);
      if (kind === "f") storeFloatBits(at, inputs.floats[i]!);
      else storeWord(at, 0, kind === "r" ? inputs.refs[i]! : inputs.ints[i]!);
    }
    // the code's references are roots at its safe points, so what it allocates may be young
    // (TraceCPU.allocateYoung); what the runner does after it allocates old again
    const young = this.cpu.allocateYoung(true);
    const exit = callMachineCode(code.address, frame);
    this.cpu.allocateYoung(young);
    const exception = loadWord(frame, FRAME_GUARD_EXC_OFFSET);
    if (exception !== 0) {
      storeWord(frame, FRAME_GUARD_EXC_OFFSET, 0);
      this.cpu.setPendingException(exception);
    }
    const op = this.exits.op(exit)!;
    const final = RESOPS[op.opnum]!.final;
    const values = new TraceValues();
    const args = final ? op.args : op.failArgs!;
    for (let k = 0; k < args.length; k++) {
      const at = frame + slotOffset(k);
      const kind = args[k]!.kind;
      if (kind === "f") values.addFloat(loadFloatBits(at));
      else if (kind === "r") values.addRef(loadWord(at, 0));
      else values.addInt(loadWord(at, 0));
    }
    return new TraceExit(this.exits.descr(exit)!, op, !final, values, 0);
  }

  override linkExits(descr: Descr, target: MachineTrace, within: MachineTrace[]): number {
    let linked = 0;
    for (let t = 0; t < within.length; t++) {
      const numbers = within[t]!.exits;
      for (let n = 0; n < numbers.length; n++) linked += this.linkExit(numbers[n]!, descr, target);
    }
    return linked;
  }

  /** Links the exit to target when its descriptor is descr and it can go on there (linkExits); 1 when linked. */
  private linkExit(k: number, descr: Descr, target: MachineTrace): number {
    const exits = this.exits;
    if (exits.descr(k) !== descr) return 0;
    const op = exits.op(k)!;
    if (holdsVirtuals(op) || isExceptionGuard(op)) return 0;
    const field = exits.jump(k);
    const offset = target.entry - (field + 4);
    if (offset < -TWO_31 || offset >= TWO_31) return 0;
    patchRel32(field, offset);
    return 1;
  }
}

const R_GUARD_NOT_INVALIDATED = opnumOf("guard_not_invalidated");

/** Whether the trace tests its validity (then it gets an invalidation word). */
function hasGuardNotInvalidated(trace: Trace): boolean {
  const ops = trace.operations;
  for (let i = 0; i < ops.length; i++) if (ops[i]!.opnum === R_GUARD_NOT_INVALIDATED) return true;
  return false;
}

/** An exception guard's exit goes back to the runner, which takes the exception from jf_guard_exc (a bridge expects none pending). */
function isExceptionGuard(op: ResOperation): boolean {
  const name = op.name();
  return name === "guard_no_exception" || name === "guard_exception";
}

/**
 * The safe point's collection (calls.ts emitSafePoint), called by machine code with the JIT
 * frame: the references in its io slots 0..n-1 are roots, updated where their objects moved.
 */
export function jitSafePoint(frame: number, n: number): void {
  // the io slots are consecutive words
  gcCollectHeldWithRoots(frame + slotOffset(0), n);
}

/** Whether a guard's fail arguments are not its frame's values as they are (virtuals to allocate: materializeVirtuals). */
function holdsVirtuals(op: ResOperation): boolean {
  if (!(op instanceof GuardWithVirtuals)) return false;
  const failArgs = op.failArgs;
  return op.virtuals.length > 0 || (failArgs !== null && op.frameArgCount !== failArgs.length);
}

/** Writes a rel32 (in int32 range: linkExits checked) into code: its page(s) writable meanwhile, then read+execute again. */
function patchRel32(field: number, offset: number): void {
  const page = field - (field % PAGE);
  const length = field + 4 - page > PAGE ? 2 * PAGE : PAGE;
  if (osMprotect(page, length, PROT_READ | PROT_WRITE) !== 0) throw new TraceCPUError("osMprotect to patch compiled code failed");
  storeInt32(field, 0, offset);
  if (osMprotect(page, length, PROT_READ | PROT_EXEC) !== 0) throw new TraceCPUError("osMprotect after patching compiled code failed");
  if (logEnabled("jit-backend-dump")) {
    const bytes = new Uint8Array(4);
    for (let i = 0; i < 4; i++) bytes[i] = loadByte(field, i);
    logCodeDump(field, bytes, 4);
  }
}
