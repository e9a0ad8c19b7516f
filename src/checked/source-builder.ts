/**
 * Builds a rewritten module's code from pieces of the original and inserted text, remembering
 * where each piece came from, so that positions in the rewritten code (V8's stack traces) can be
 * mapped back to the original .ts file (PositionMap).
 *
 * Invariant: every newline of the original is kept, in order, and inserted text has none before
 * the appended tail; so line N of the rewritten code is line N of the original, and only columns
 * move.
 */

/** A piece of the output: at gen, either a copy of the original from orig, or text inserted for the original position orig. */
interface Segment {
  gen: number;
  orig: number;
  copied: boolean;
}

export class SourceBuilder {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private length = 0;
  readonly original: string;

  constructor(original: string) {
    this.original = original;
  }

  /** Copies original[start, end). */
  copy(start: number, end: number): void {
    if (end <= start) return;
    this.segments.push({ gen: this.length, orig: start, copied: true });
    this.push(this.original.slice(start, end));
  }

  /** Inserts text made for the original position anchor (it must hold no newline). */
  insert(text: string, anchor: number): void {
    if (text === "") return;
    if (text.includes("\n")) throw new Error("internal error: inserted text spans lines");
    this.segments.push({ gen: this.length, orig: anchor, copied: false });
    this.push(text);
  }

  /** Leaves out original[start, end) but its newlines, so that lines do not move. */
  drop(start: number, end: number): void {
    for (let i = start; i < end; i++) {
      if (this.original[i] !== "\n") continue;
      this.segments.push({ gen: this.length, orig: i, copied: true });
      this.push("\n");
    }
  }

  /** Appends text after the original's last line (helpers, imports), made for the position anchor. */
  append(text: string, anchor: number): void {
    this.segments.push({ gen: this.length, orig: anchor, copied: false });
    this.push(text);
  }

  get code(): string {
    return this.parts.join("");
  }

  /** The map from positions in the built code back to the original's. */
  positionMap(): PositionMap {
    return new PositionMap(lineStarts(this.code), lineStarts(this.original), this.segments);
  }

  private push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }
}

/** Maps a 1-based line and column of the rewritten code to the original's. */
export class PositionMap {
  private readonly genLines: number[];
  private readonly origLines: number[];
  private readonly segments: readonly Segment[];

  constructor(genLines: number[], origLines: number[], segments: readonly Segment[]) {
    this.genLines = genLines;
    this.origLines = origLines;
    this.segments = segments;
  }

  /** The data to send to another thread (structured clone keeps plain objects only). */
  toJSON(): { genLines: number[]; origLines: number[]; segments: readonly Segment[] } {
    return { genLines: this.genLines, origLines: this.origLines, segments: this.segments };
  }

  static fromJSON(data: ReturnType<PositionMap["toJSON"]>): PositionMap {
    return new PositionMap(data.genLines, data.origLines, data.segments);
  }

  original(line: number, column: number): { line: number; column: number } {
    const start = this.genLines[line - 1];
    if (start === undefined) return { line, column };
    const gen = start + column - 1;
    const segment = this.segments[lastAtOrBefore(this.segments.length, (i) => this.segments[i]!.gen, gen)];
    if (!segment) return { line, column };
    const orig = segment.copied ? segment.orig + (gen - segment.gen) : segment.orig;
    const origLine = Math.max(0, lastAtOrBefore(this.origLines.length, (i) => this.origLines[i]!, orig));
    return { line: origLine + 1, column: orig - this.origLines[origLine]! + 1 };
  }
}

/** The index of the last of count sorted keys that is at most offset (-1 when none). */
function lastAtOrBefore(count: number, key: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}
