/**
 * The exits of the live traces by number (what their code returns in RAX): descriptor,
 * operation, the address of the patchable rel32 of the jump out through it (native-backend.ts).
 * A freed trace's numbers are given to the next ones (loop_longevity), so the table is as long
 * as the live traces' exits.
 *
 * In chunks of CHUNK exits: the table is written at every compilation, while the JIT holds the
 * heap, and an old array of references written to is traced whole by the next minor collection
 * (arrays shorter than the collector's CARD_MIN_ITEMS have no cards), which the JIT makes before
 * every trace. One long array of every exit made each of those collections cost as much as the
 * exits alive; a chunk costs CHUNK.
 *
 * RTS: classes with arrays.
 */

import { Descr, ResOperation } from "../history.js";

const CHUNK = 256;

class ExitChunk {
  readonly descrs: (Descr | null)[];
  readonly ops: (ResOperation | null)[];
  readonly jumps: number[];

  constructor() {
    this.descrs = [];
    this.ops = [];
    this.jumps = [];
    for (let k = 0; k < CHUNK; k++) {
      this.descrs.push(null);
      this.ops.push(null);
      this.jumps.push(0);
    }
  }
}

export class ExitTable {
  private readonly chunks: ExitChunk[];
  /** Numbers given back (remove), taken first. */
  private readonly free: number[];
  /** The numbers given so far: every exit number is below. */
  size: number;

  constructor() {
    this.chunks = [];
    this.free = [];
    this.size = 0;
  }

  /** A number for a new exit. */
  add(descr: Descr, op: ResOperation, jump: number): number {
    let exit = 0;
    if (this.free.length > 0) {
      exit = this.free.pop()!;
    } else {
      exit = this.size;
      this.size++;
      if (exit % CHUNK === 0) this.chunks.push(new ExitChunk());
    }
    const chunk = this.chunks[Math.floor(exit / CHUNK)]!;
    const k = exit % CHUNK;
    chunk.descrs[k] = descr;
    chunk.ops[k] = op;
    chunk.jumps[k] = jump;
    return exit;
  }

  /** The exit's number is free again (its trace was freed). */
  remove(exit: number): void {
    const chunk = this.chunks[Math.floor(exit / CHUNK)]!;
    const k = exit % CHUNK;
    chunk.descrs[k] = null;
    chunk.ops[k] = null;
    chunk.jumps[k] = 0;
    this.free.push(exit);
  }

  /** The descriptor of a live exit (null: the number is free). */
  descr(exit: number): Descr | null {
    const descr = this.chunks[Math.floor(exit / CHUNK)]!.descrs[exit % CHUNK];
    return descr === undefined ? null : descr;
  }

  op(exit: number): ResOperation | null {
    const op = this.chunks[Math.floor(exit / CHUNK)]!.ops[exit % CHUNK];
    return op === undefined ? null : op;
  }

  /** The address of the rel32 of the jump out through the exit. */
  jump(exit: number): number {
    return this.chunks[Math.floor(exit / CHUNK)]!.jumps[exit % CHUNK]!;
  }
}
