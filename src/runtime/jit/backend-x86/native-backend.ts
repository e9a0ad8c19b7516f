/**
 * The x86-64 trace backend as a binary's JIT uses it (RPython's backend/x86 CPU: compile_loop,
 * execute_token): assembleTrace's code mapped into executable pages (rts/system osMmapCode,
 * osMprotect), and run with callMachineCode on a JIT frame of its own (raw memory: the inputs
 * written to its io slots, the exit's values read back from them, floats as their bits). A trace
 * assembleTrace refuses is left to the trace interpreter (TraceBackend's contract).
 *
 * The code keeps the internal calling convention callMachineCode asks for: it saves the
 * callee-saved registers it uses (regalloc.ts never gives it xmm11-13, which that convention
 * keeps too), makes no call and allocates nothing, so no collection can run while it runs and
 * the references in its frame stay true (the warm runner holds the heap meanwhile anyway).
 *
 * RTS: translated into binaries built with `--jit`; untranslated there is no machine code to
 * run (callMachineCode throws), so `rts run --llinterp --jit` never makes this backend.
 */

import { PROT_EXEC, PROT_READ, callMachineCode, loadInt32, loadWord, osMmap, osMmapCode, osMprotect, storeByte, storeInt32, storeWord } from "rts/system";
import { floatFromWords, floatHighWord, floatLowWord } from "rts";
import { Trace } from "../history.js";
import { RESOPS } from "../resoperation.js";
import { MachineTrace, TraceBackend } from "../trace-backend.js";
import { TraceCPUError, TraceValues } from "../trace-cpu.js";
import { TraceExit } from "../trace-interp.js";
import { assembleTrace } from "./assemble-trace.js";
import { slotOffset } from "./frame.js";
import { BackendConfig } from "./trace-assembler.js";

const PAGE = 4096;
const TWO_32 = 4294967296;

export class X86TraceBackend extends TraceBackend {
  private readonly config: BackendConfig;
  private refusal: string;

  /** classOffset: where an instance holds its class record (guard_class), as the NativeCPU reads it. */
  constructor(classOffset: number) {
    super();
    this.config = new BackendConfig(classOffset);
    this.refusal = "";
  }

  override makesMachineCode(): boolean {
    return true;
  }

  override compile(trace: Trace): MachineTrace | null {
    const assembled = assembleTrace(trace, this.config);
    this.refusal = assembled.refusal;
    if (assembled.refusal !== "") return null;
    const code = assembled.code;
    const mapped = Math.ceil(code.length / PAGE) * PAGE;
    const address = osMmapCode(mapped);
    if (address < 0) throw new TraceCPUError(`osMmapCode(${mapped}) failed: ${address}`);
    for (let i = 0; i < code.length; i++) storeByte(address, i, code[i]!);
    const status = osMprotect(address, mapped, PROT_READ | PROT_EXEC);
    if (status !== 0) throw new TraceCPUError(`osMprotect of compiled code failed: ${status}`);
    const frame = osMmap(8 * assembled.frameWords);
    if (frame < 0) throw new TraceCPUError(`osMmap of a JIT frame failed: ${frame}`);
    let kinds = "";
    for (let i = 0; i < trace.inputArgs.length; i++) kinds += trace.inputArgs[i]!.kind;
    return new MachineTrace(address, mapped, assembled.instructionsSize, frame, assembled.frameWords, assembled.exits, assembled.exitOps, kinds);
  }

  override lastRefusal(): string {
    return this.refusal;
  }

  override run(code: MachineTrace, inputs: TraceValues): TraceExit {
    const frame = code.frame;
    const kinds = code.inputKinds;
    if (inputs.count() !== kinds.length) throw new TraceCPUError(`the code takes ${kinds.length} inputs, got ${inputs.count()}`);
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds.charAt(i);
      if (kind !== inputs.kinds[i]) throw new TraceCPUError(`input ${i} is of kind ${inputs.kinds[i]}, the code takes ${kind}`);
      const at = frame + slotOffset(i);
      if (kind === "f") storeFloatBits(at, inputs.floats[i]!);
      else storeWord(at, 0, kind === "r" ? inputs.refs[i]! : inputs.ints[i]!);
    }
    code.runs++;
    const exit = callMachineCode(code.address, frame);
    const op = code.exitOps[exit]!;
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
    return new TraceExit(code.exits[exit]!, op, !final, values, 0);
  }
}

function storeFloatBits(address: number, value: number): void {
  const low = floatLowWord(value);
  const high = floatHighWord(value);
  storeInt32(address, 0, low >= 2147483648 ? low - TWO_32 : low);
  storeInt32(address, 4, high >= 2147483648 ? high - TWO_32 : high);
}

function loadFloatBits(address: number): number {
  const low = loadInt32(address, 0);
  return floatFromWords(loadInt32(address, 4), low >= 0 ? low : low + TWO_32);
}
