/**
 * The project's strict parser of PYPYLOG-format logs (what RTSLOG writes, src/runtime/log.ts):
 * nested sections
 *     [<lowercase hex timestamp>] {name
 *     ...text lines...
 *     [<lowercase hex timestamp>] name}
 * A log that is not exactly that is an error naming the line: a section closed by another name or
 * never closed, a line that starts like a timestamp but is not a section start or stop, text
 * outside every section, a timestamp that goes back, a last line without its newline (a log
 * that was not flushed). Timestamps are read as numbers (exact below 2^53).
 *
 * rts jitview reads logs with it; so do the tests of every section the runtime writes (through
 * tests/helpers/pypylog.ts).
 */

export interface LogSection {
  name: string;
  /** The line of the log that opens it (from 1). */
  line: number;
  start: number;
  stop: number;
  /** The section's own text lines, without their newlines (not those of nested sections). */
  lines: string[];
  children: LogSection[];
}

/** A log that is not well-formed: where (a line from 1, or undefined for the end of the log) and why. */
export class PypylogError extends Error {
  readonly line: number | undefined;
  readonly reason: string;

  constructor(line: number | undefined, reason: string) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
    this.name = "PypylogError";
    this.line = line;
    this.reason = reason;
  }
}

const STAMP_LINE = /^\[([0-9a-f]+)\] (.*)$/;
/** Anything that starts like a timestamp line: it must then be a well-formed one. */
const STAMP_LIKE = /^\[[0-9a-fA-F]*\]/;
const NAME = /^[A-Za-z0-9_.-]+$/;

/** A line as an error message quotes it: JSON, cut after 60 characters (a binary file's first "line" may be long). */
function shown(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line);
}

/** The top-level sections of a log, in order. */
export function parsePypylog(text: string): LogSection[] {
  const top: LogSection[] = [];
  if (text === "") return top;
  if (!text.endsWith("\n")) throw new PypylogError(text.split("\n").length, "the log does not end with a newline");
  const lines = text.slice(0, -1).split("\n");
  const open: LogSection[] = [];
  let lastStamp = -1;
  lines.forEach((line, index) => {
    const where = index + 1;
    const stampLine = STAMP_LINE.exec(line);
    if (stampLine === null) {
      if (STAMP_LIKE.test(line)) throw new PypylogError(where, `malformed timestamp line ${shown(line)}`);
      const innermost = open[open.length - 1];
      if (innermost === undefined) throw new PypylogError(where, `text outside every section ${shown(line)}`);
      innermost.lines.push(line);
      return;
    }
    const stamp = parseInt(stampLine[1]!, 16);
    if (stamp < lastStamp) throw new PypylogError(where, `timestamp ${stampLine[1]} is before the previous one`);
    lastStamp = stamp;
    const rest = stampLine[2]!;
    if (rest.startsWith("{")) {
      const name = rest.slice(1);
      if (!NAME.test(name)) throw new PypylogError(where, `malformed section name ${shown(name)}`);
      const section: LogSection = { name, line: where, start: stamp, stop: -1, lines: [], children: [] };
      (open.length === 0 ? top : open[open.length - 1]!.children).push(section);
      open.push(section);
    } else if (rest.endsWith("}")) {
      const name = rest.slice(0, -1);
      const innermost = open.pop();
      if (innermost === undefined) throw new PypylogError(where, `${name}} closes no section`);
      if (innermost.name !== name) throw new PypylogError(where, `${name}} closes section ${innermost.name}`);
      innermost.stop = stamp;
    } else {
      throw new PypylogError(where, `a timestamp line neither starts nor stops a section: ${shown(line)}`);
    }
  });
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined) throw new PypylogError(undefined, `section ${unclosed.name} (line ${unclosed.line}, started at ${unclosed.start.toString(16)}) is not closed at the end of the log`);
  return top;
}

/** Every section named name, at any depth, in the order they start. */
export function findSections(sections: LogSection[], name: string): LogSection[] {
  return sectionsInOrder(sections).filter((section) => section.name === name);
}

/** Every section at any depth, in the order they start (a section before the sections it holds). */
export function sectionsInOrder(sections: LogSection[]): LogSection[] {
  const all: LogSection[] = [];
  const visit = (list: LogSection[]): void => {
    for (const section of list) {
      all.push(section);
      visit(section.children);
    }
  };
  visit(sections);
  return all;
}
