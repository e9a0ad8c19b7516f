/**
 * Which loops to free (RPython's rpython/jit/metainterp/memmgr.py, the loop_longevity
 * parameter): time is counted in generations, one per trace started (a loop's or a bridge's), and
 * a loop is kept while it was entered in the last loop_longevity generations. A program that
 * keeps making new hot loops (a long-running one, or one that loads code) thus keeps only the
 * loops it still uses, and the JIT's memory (machine code, resume data, the warm state's cells)
 * stays bounded; a program whose loops are all made early never frees any (generations pass only
 * while something is traced).
 *
 * Every check_frequency generations (the square root of loop_longevity, as RPython's), the loops
 * not entered since `generation - loop_longevity` are freed, with the bridges of their families
 * (loops.ts), unless a loop kept goes on in them: a loop whose code jumps to another loop, or has
 * a bridge that does, keeps that loop (RPython keeps it by the GC: a loop token references the
 * tokens it jumps to). An invalidated loop is freed at the next check unless one kept jumps to it.
 * loop_longevity 0 or less keeps every loop.
 *
 * The warm runner enters a loop through keepLoopAlive, calls nextGeneration when a trace starts
 * and, when it says so, frees what oldLoops gives (warm-runner.ts freeLoops). Nothing runs
 * compiled code then: a trace is started between two runs of it.
 *
 * RTS: a class of numbers.
 */

import { CompiledLoop } from "./loops.js";

export class MemoryManager {
  /** The current generation: 1, then one more per trace started. */
  current: number;
  /** The generations a loop lives without being entered (loop_longevity); 0: for ever. */
  maxAge: number;
  /** Generations between two checks. */
  checkFrequency: number;
  /** The generation of the next check (-1: none). */
  nextCheck: number;

  constructor() {
    this.current = 1;
    this.maxAge = 0;
    this.checkFrequency = 0;
    this.nextCheck = -1;
  }

  /** loop_longevity changed (at start, and at each set_param of it). */
  setMaxAge(maxAge: number): void {
    if (maxAge <= 0) {
      this.maxAge = 0;
      this.nextCheck = -1;
      return;
    }
    this.maxAge = maxAge;
    this.checkFrequency = Math.max(1, Math.floor(Math.sqrt(maxAge)));
    this.nextCheck = this.current + 1;
  }

  /** A trace starts: the next generation. True when the old loops are to be freed now (oldLoops). */
  nextGeneration(): boolean {
    this.current++;
    if (this.nextCheck < 0 || this.current < this.nextCheck) return false;
    this.nextCheck = this.current + this.checkFrequency;
    return true;
  }

  /** The loop is entered (or was just made): it is in use this generation. */
  keepLoopAlive(loop: CompiledLoop): void {
    loop.generation = this.current;
  }

  /**
   * Of the live loops, those to free now: not entered in the last maxAge generations (or
   * invalidated), and not reached by a jump of a loop kept or of its family's bridges. In the
   * order of loops.
   */
  oldLoops(loops: CompiledLoop[]): CompiledLoop[] {
    const mark = this.current;
    const oldest = this.current - this.maxAge;
    const work: CompiledLoop[] = [];
    for (let i = 0; i < loops.length; i++) {
      const loop = loops[i]!;
      if (!loop.invalidated && loop.generation >= oldest) markLoop(loop, mark, work);
    }
    while (work.length > 0) {
      const loop = work.pop()!;
      if (loop.jumpsTo !== null) markLoop(loop.jumpsTo, mark, work);
      for (let k = 0; k < loop.bridges.length; k++) {
        const target = loop.bridges[k]!.target;
        if (target !== null) markLoop(target, mark, work);
      }
    }
    const old: CompiledLoop[] = [];
    for (let i = 0; i < loops.length; i++) if (loops[i]!.markedAt !== mark) old.push(loops[i]!);
    return old;
  }
}

function markLoop(loop: CompiledLoop, mark: number, work: CompiledLoop[]): void {
  if (loop.markedAt === mark) return;
  loop.markedAt = mark;
  work.push(loop);
}
