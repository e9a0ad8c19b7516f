/**
 * The JIT's profile (RPython's rpython/jit/metainterp/jitprof.py Profiler): counts and times of
 * what the JIT did, written at exit as the `jit-summary` section of the log (RTSLOG, PyPy's
 * PYPYLOG format), line for line as PyPy writes it, so that PyPy's tools and habits read it:
 *
 *     [2a5e8c3b4a0] {jit-summary
 *     Tracing:      	2	0.000936
 *     Backend:      	2	0.000403
 *     TOTAL:      		0.045466
 *     ops:             	263
 *     ...
 *     Total # of loops:	1
 *     Total # of bridges:	1
 *     Freed # of loops:	0
 *     Freed # of bridges:	0
 *     [2a5e8c3ce08] jit-summary}
 *
 * Tracing and Backend are a count and seconds: tracing includes optimizing (as PyPy's), Backend
 * is the trace backend's compilation. The phases nest as PyPy's do: the time of a phase started
 * inside another is the inner one's.
 *
 * RTS: one instance per JIT, numbers only.
 */

import { CLOCK_MONOTONIC, osClock } from "rts/system";
import { logFloat, logInt, logNewline, logStart, logStop, logText, logFlush } from "../log.js";

// Counters, in PyPy's order.
export const PROF_TRACING = 0;
export const PROF_BACKEND = 1;
export const PROF_OPS = 2;
export const PROF_RECORDED_OPS = 3;
export const PROF_GUARDS = 4;
export const PROF_OPT_OPS = 5;
export const PROF_OPT_GUARDS = 6;
export const PROF_OPT_FORCINGS = 7;
export const PROF_ABORT_TOO_LONG = 8;
export const PROF_ABORT_BRIDGE = 9;
export const PROF_ABORT_ESCAPE = 10;
export const PROF_ABORT_BAD_LOOP = 11;
export const PROF_ABORT_FORCE_QUASIIMMUT = 12;
export const PROF_NVIRTUALS = 13;
export const PROF_NVHOLES = 14;
export const PROF_NVREUSED = 15;
export const PROF_TOTAL_COMPILED_LOOPS = 16;
export const PROF_TOTAL_COMPILED_BRIDGES = 17;
export const PROF_TOTAL_FREED_LOOPS = 18;
export const PROF_TOTAL_FREED_BRIDGES = 19;
export const PROF_CALLS = 20;
const COUNTERS = 21;

/** No phase is running. */
const NO_PHASE = -1;
/** Deepest nesting of phases recorded (tracing a bridge inside a trace's backend does not happen; 8 is ample). */
const MAX_PHASES = 8;

export class JitProfiler {
  readonly counters: number[] = [];
  /** Seconds spent in PROF_TRACING and PROF_BACKEND. */
  readonly times: number[] = [0.0, 0.0];
  /** The phases being timed, innermost last. */
  readonly current: number[] = [];
  depth = 0;
  startTime = 0.0;
  /** When the innermost phase last started or resumed. */
  lastStamp = 0.0;
  /** Whether phases were started and stopped out of order (PyPy prints BROKEN PROFILER DATA). */
  broken = false;

  constructor() {
    for (let i = 0; i < COUNTERS; i++) this.counters.push(0);
    for (let i = 0; i < MAX_PHASES; i++) this.current.push(NO_PHASE);
  }

  start(): void {
    this.startTime = osClock(CLOCK_MONOTONIC);
    this.lastStamp = this.startTime;
  }

  count(counter: number, by: number): void {
    this.counters[counter] = this.counters[counter]! + by;
  }

  /** A phase (PROF_TRACING or PROF_BACKEND) starts: the enclosing phase's time so far is its own. */
  startPhase(phase: number): void {
    const now = osClock(CLOCK_MONOTONIC);
    if (this.depth > 0) this.addTime(this.current[this.depth - 1]!, now - this.lastStamp);
    this.lastStamp = now;
    this.counters[phase] = this.counters[phase]! + 1;
    if (this.depth < MAX_PHASES) this.current[this.depth] = phase;
    this.depth += 1;
  }

  endPhase(phase: number): void {
    const now = osClock(CLOCK_MONOTONIC);
    if (this.depth === 0) {
      this.broken = true;
      return;
    }
    this.depth -= 1;
    const running = this.depth < MAX_PHASES ? this.current[this.depth]! : NO_PHASE;
    if (running !== phase) this.broken = true;
    else this.addTime(phase, now - this.lastStamp);
    this.lastStamp = now;
  }

  private addTime(phase: number, seconds: number): void {
    if (phase === PROF_TRACING || phase === PROF_BACKEND) this.times[phase] = this.times[phase]! + seconds;
  }

  /** The jit-summary section (written only when RTSLOG asks for it). */
  printSummary(): void {
    const logging = logStart("jit-summary");
    if (logging) {
      const c = this.counters;
      if (this.broken) line("BROKEN PROFILER DATA!");
      timeLine("Tracing", c[PROF_TRACING]!, this.times[PROF_TRACING]!);
      timeLine("Backend", c[PROF_BACKEND]!, this.times[PROF_BACKEND]!);
      logText("TOTAL:      \t\t");
      logFloat(osClock(CLOCK_MONOTONIC) - this.startTime);
      logNewline();
      intLine("ops", c[PROF_OPS]!);
      intLine("recorded ops", c[PROF_RECORDED_OPS]!);
      intLine("  calls", c[PROF_CALLS]!);
      intLine("guards", c[PROF_GUARDS]!);
      intLine("opt ops", c[PROF_OPT_OPS]!);
      intLine("opt guards", c[PROF_OPT_GUARDS]!);
      intLine("forcings", c[PROF_OPT_FORCINGS]!);
      intLine("abort: trace too long", c[PROF_ABORT_TOO_LONG]!);
      intLine("abort: compiling", c[PROF_ABORT_BRIDGE]!);
      intLine("abort: vable escape", c[PROF_ABORT_ESCAPE]!);
      intLine("abort: bad loop", c[PROF_ABORT_BAD_LOOP]!);
      intLine("abort: force quasi-immut", c[PROF_ABORT_FORCE_QUASIIMMUT]!);
      intLine("nvirtuals", c[PROF_NVIRTUALS]!);
      intLine("nvholes", c[PROF_NVHOLES]!);
      intLine("nvreused", c[PROF_NVREUSED]!);
      intLine("Total # of loops", c[PROF_TOTAL_COMPILED_LOOPS]!);
      intLine("Total # of bridges", c[PROF_TOTAL_COMPILED_BRIDGES]!);
      intLine("Freed # of loops", c[PROF_TOTAL_FREED_LOOPS]!);
      intLine("Freed # of bridges", c[PROF_TOTAL_FREED_BRIDGES]!);
    }
    logStop("jit-summary");
    logFlush();
  }
}

function line(text: string): void {
  logText(text);
  logNewline();
}

function spaces(n: number): void {
  for (let i = 0; i < n; i++) logText(" ");
}

/** PyPy's "%s:%s\t%d\t%f" with the name padded to 13. */
function timeLine(name: string, count: number, seconds: number): void {
  logText(name);
  logText(":");
  spaces(13 - name.length);
  logText("\t");
  logInt(count);
  logText("\t");
  logFloat(seconds);
  logNewline();
}

/** PyPy's name + ':' + spaces to 16, then a tab and the number. */
function intLine(name: string, n: number): void {
  logText(name);
  logText(":");
  spaces(16 - name.length);
  logText("\t");
  logInt(n);
  logNewline();
}
