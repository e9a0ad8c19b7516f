/**
 * The JIT's runtime as `rts translate --jit` links it into a binary (src/translator/jit-link.ts):
 * the translator calls `newNativeJitRuntime` at translation time (in this module as the program
 * loaded it, so that the runtime is made of the program's classes), adds each portal's jitcode,
 * and the result becomes prebuilt data of the binary. The binary's entry (src/rtyper/native-runtime.ts)
 * calls `jitNativeStart` after the collector's start check and `jitNativeFinish` when main has
 * returned; `jit_set_param` (driver.setParam, setUserParam's items) becomes a call of
 * `jitNativeSetParam`; each portal's merge point calls the `jitNativeSetPortal*`,
 * `jitNativeMaybeCompileAndRun` and `jitNativePortal*` entry points
 * (src/translator/jit-entry-lowering.ts). These take the prebuilt runtime as their argument (a
 * constant of the caller's graph). RTS.
 *
 * `jitNativeBlackholeMain` is for tests only (`rts translate --jit --jit-blackhole-main`,
 * hidden): the binary runs the first portal's jitcode in the blackhole interpreter on the
 * NativeCPU instead of main, its integer arguments from the command line, and prints how it
 * ended; tests/translator/jit-link.test.ts compares that with the program's own run.
 */

import { osExit } from "rts/system";
import { P_THRESHOLD } from "../../lib/jit-params.js";
import { flushAll, writeStderr } from "../io.js";
import { FATAL_EXIT_STATUS } from "../native.js";
import { SHOWN_FRAMES, writeStackTraceFrom } from "../stack-trace.js";
import { JitRuntime } from "./jit-entry.js";
import { runJitCode } from "./blackhole.js";
import { SiteDescr } from "./jitcode.js";
import { NativeCPU } from "./native-cpu.js";
import { X86TraceBackend } from "./backend-x86/native-backend.js";


/** At translation time: the binary's runtime on its NativeCPU, its traces compiled to x86-64, without portals yet. */
export function newNativeJitRuntime(): JitRuntime {
  const cpu = new NativeCPU();
  const jit = new JitRuntime(cpu);
  jit.backend = new X86TraceBackend(cpu);
  return jit;
}

/** At start, after the start check accepted RTS_JIT: the parameters from RTS_JIT, the profiler started. */
export function jitNativeStart(jit: JitRuntime): void {
  jit.start();
}

/** When main has returned: the jit-summary section (RTSLOG=jit-summary). */
export function jitNativeFinish(jit: JitRuntime): void {
  jit.finish();
}

/** jit_set_param: the parameter of that index (src/lib/jit-params.ts P_*) set for the whole JIT. */
export function jitNativeSetParam(jit: JitRuntime, index: number, value: number): void {
  jit.setParam(index, value);
}

/**
 * jit_force_quasi_immutable (src/translator/jit-link.ts makes each a call of this, in the
 * program's code and in the helper jitcodes call): the field at offset of the object is about to
 * be written; the loops and bridges that assumed its value are invalidated.
 */
export function jitNativeQuasiImmutWritten(jit: JitRuntime, object: number, offset: number): void {
  jit.quasiImmutWritten(object, offset);
}

// ---- the portal's merge point (src/translator/jit-entry-lowering.ts makes its LL operations calls of these)

/** The merge point's k-th value of its kind (argKinds order): an integer, bool or char (as an integer), a reference (its address), a float. */
export function jitNativeSetPortalInt(jit: JitRuntime, index: number, k: number, value: number): void {
  jit.setPortalInt(index, k, value);
}

export function jitNativeSetPortalRef(jit: JitRuntime, index: number, k: number, address: number): void {
  jit.setPortalRef(index, k, address);
}

export function jitNativeSetPortalFloat(jit: JitRuntime, index: number, k: number, value: number): void {
  jit.setPortalFloat(index, k, value);
}

/** jit_maybe_compile_and_run, the values set: WarmRunner's MCR_* status. */
export function jitNativeMaybeCompileAndRun(jit: JitRuntime, index: number): number {
  return jit.maybeCompileAndRun(index);
}

/** jit_portal_arg after MCR_RESTART: the argument at position, an integer (bool, char, a reference's address) or a float. */
export function jitNativePortalArgInt(jit: JitRuntime, index: number, position: number): number {
  return jit.portalArgInt(index, position);
}

export function jitNativePortalArgFloat(jit: JitRuntime, index: number, position: number): number {
  return jit.portalArgFloat(index, position);
}

/** jit_portal_result after MCR_DONE. */
export function jitNativePortalResultInt(jit: JitRuntime, index: number): number {
  return jit.portalResultInt(index);
}

export function jitNativePortalResultFloat(jit: JitRuntime, index: number): number {
  return jit.portalResultFloat(index);
}

/** jit_portal_exception after MCR_EXCEPTION: the exception's address. */
export function jitNativePortalException(jit: JitRuntime, index: number): number {
  return jit.portalException(index);
}

/**
 * jit_portal_fatal after MCR_FATAL: stops the program as the portal's own code would have
 * (src/runtime/native.ts nativeFatal): `fatal error: message`, then the frames. The JIT's
 * frames come first, innermost first: the failed check's site in the top one, each frame below
 * at its inline call (JitCode.callSiteAt); the portal's frame is the last of them. Then the
 * portal's callers, from `trace` (taken by the routine that calls this, at the portal's merge
 * point: its site 0 is the portal's, which the JIT's frames showed).
 */
export function jitNativePortalFatal(jit: JitRuntime, index: number, trace: Int32Array): void {
  const mi = jit.portals[index]!.runner.mi;
  flushAll();
  writeStderr("fatal error: " + mi.fatalMessage + "\n");
  let shown = 0;
  const frames = mi.frames;
  for (let k = frames.length - 1; k >= 0 && shown < SHOWN_FRAMES; k--) {
    const frame = frames[k]!;
    const site = k === frames.length - 1 ? mi.fatalSite : frame.jitcode.callSiteAt(frame.pc);
    if (site === null || !site.shown) continue;
    writeStderr(frameLine(frame.jitcode.frameName, site));
    shown++;
  }
  writeStackTraceFrom(trace, 1, shown);
  osExit(FATAL_EXIT_STATUS);
}

/** `    at name (file:line:col)`, or `    at file:line:col` for a function without a name (src/frontend/stack-frames.ts formatFrame). */
function frameLine(name: string, site: SiteDescr): string {
  const where = site.file + ":" + String(site.line) + ":" + String(site.column);
  return name === "" ? "    at " + where + "\n" : "    at " + name + " (" + where + ")\n";
}

/**
 * Tests only: runs the first portal's jitcode in the blackhole interpreter with the integers of
 * argv[1..] as its arguments (every argument of the portal must be an integer), and prints
 * `blackhole: returned N` (or the float, or `void`), `blackhole: raised an exception`, or
 * `blackhole: fatal error: MESSAGE at SITE`, then `blackhole: threshold A -> B`, the JIT's
 * threshold before and after (RTS_JIT applied by start; a driver.setParam in the portal sets it
 * through jitNativeSetParam). The status is 0, or 2 for arguments that do not fit.
 */
export function jitNativeBlackholeMain(jit: JitRuntime, argv: string[]): number {
  if (jit.portals.length === 0) {
    console.log("blackhole: the program has no portal");
    return 2;
  }
  const jitcode = jit.portals[0]!.jitcode;
  const ints: number[] = [];
  for (let k = 0; k < jitcode.argKinds.length; k++) {
    const value = parseInt(k + 1 < argv.length ? argv[k + 1]! : "", 10);
    if (jitcode.argKinds.charAt(k) !== "i" || isNaN(value)) {
      console.log(`blackhole: the portal ${jitcode.name} takes '${jitcode.argKinds}'; give one integer per argument`);
      return 2;
    }
    ints.push(value);
  }
  const noRefs: number[] = [];
  const noFloats: number[] = [];
  // RTS_JIT as start applied it, and what a driver.setParam in the portal made of it
  const threshold = jit.params.get(P_THRESHOLD);
  const result = runJitCode(jit.cpu, jitcode, ints, noRefs, noFloats);
  if (result.kind === "i") console.log(`blackhole: returned ${result.int}`);
  else if (result.kind === "f") console.log(`blackhole: returned ${result.float}`);
  else if (result.kind === "r") console.log(`blackhole: returned a reference`);
  else if (result.kind === "v") console.log("blackhole: returned void");
  else if (result.kind === "exception") console.log("blackhole: raised an exception");
  else if (result.kind === "fatal") console.log(`blackhole: fatal error: ${result.message}${result.site === null ? "" : ` at ${result.site.file}:${result.site.line}:${result.site.column}`}`);
  else console.log(`blackhole: stopped (${result.kind})`);
  console.log(`blackhole: threshold ${threshold} -> ${jit.params.get(P_THRESHOLD)}`);
  return 0;
}
