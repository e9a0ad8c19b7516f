/**
 * A Brainfuck interpreter in RTS: the classic first example of RPython's tutorials.
 *
 *   rts run examples/bf/bf.ts program.b
 *
 * The program is parsed once into its command characters and a table of matching brackets;
 * the dispatch loop carries the JIT hints: the position in the program is green (with the
 * program itself), the tape and its pointer are red. Cells are 8-bit and wrap; the tape is
 * replaced by a longer one when the pointer moves past either end.
 */

import { readFileSync } from "node:fs";
import { JitDriver, readByte, writeByte } from "rts";

/** A parsed Brainfuck program: its commands and, for each bracket, the index of its partner. */
class Program {
  // The JIT reads a bracket's partner as a constant of the trace (the table is filled by parse,
  // before any program runs, and never changes after): a jump costs no load.
  static immutableFields = ["brackets[*]"];
  code: string;
  brackets: Int32Array;

  constructor(code: string, brackets: Int32Array) {
    this.code = code;
    this.brackets = brackets;
  }
}

/** A longer tape holding the cells of tape, with index now inside it. */
function growRight(tape: Uint8Array, index: number): Uint8Array {
  let size = tape.length * 2;
  while (size <= index) size *= 2;
  const grown = new Uint8Array(size);
  grown.set(tape);
  return grown;
}

/** A tape twice as long with the cells of tape moved to its right half. */
function growLeft(tape: Uint8Array): Uint8Array {
  const grown = new Uint8Array(tape.length * 2);
  grown.set(tape, tape.length);
  return grown;
}

/** A program that cannot run: an unmatched bracket. */
class ParseError extends Error {}

const driver = new JitDriver({ greens: ["pc", "program"], reds: ["ptr", "tape"], name: "bf" });

const COMMANDS = "<>+-.,[]";
// The commands as character codes, the form the dispatch loop switches on.
const LEFT = 60; // <
const RIGHT = 62; // >
const INC = 43; // +
const DEC = 45; // -
const OUTPUT = 46; // .
const INPUT = 44; // ,
const LOOP = 91; // [
const END = 93; // ]

/** Keeps the eight commands and pairs the brackets; throws ParseError for an unmatched one. */
function parse(source: string): Program {
  // The commands are collected and joined once: appending to a string copies it each time.
  const commands: string[] = [];
  let line = 1;
  const lines: number[] = [];
  for (const c of source) {
    if (c === "\n") line++;
    if (COMMANDS.indexOf(c) >= 0) {
      commands.push(c);
      lines.push(line);
    }
  }
  const code = commands.join("");
  const brackets = new Int32Array(code.length);
  const open: number[] = [];
  for (let pc = 0; pc < code.length; pc++) {
    const c = code[pc];
    if (c === "[") {
      open.push(pc);
    } else if (c === "]") {
      const start = open.pop();
      if (start === undefined) throw new ParseError(`unmatched ']' on line ${lines[pc]}`);
      brackets[start] = pc;
      brackets[pc] = start;
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) throw new ParseError(`unmatched '[' on line ${lines[unclosed]}`);
  return new Program(code, brackets);
}

function run(program: Program): void {
  let tape: Uint8Array = new Uint8Array(30000);
  let ptr = 0;
  let pc = 0;
  // The code is read from the green program after the merge point: a value kept across it would
  // have to be a red (rts annotate says so), and as a field of a green it is constant in a trace.
  while (pc < program.code.length) {
    driver.jitMergePoint({ pc, program, ptr, tape });
    switch (program.code.charCodeAt(pc)) {
      case RIGHT:
        ptr++;
        if (ptr >= tape.length) tape = growRight(tape, ptr);
        break;
      case LEFT:
        ptr--;
        if (ptr < 0) {
          ptr += tape.length;
          tape = growLeft(tape);
        }
        break;
      case INC:
        tape[ptr] = (tape[ptr]! + 1) & 0xff;
        break;
      case DEC:
        tape[ptr] = (tape[ptr]! - 1) & 0xff;
        break;
      case OUTPUT:
        writeByte(tape[ptr]!);
        break;
      case INPUT: {
        const byte = readByte();
        if (byte >= 0) tape[ptr] = byte;
        break;
      }
      case LOOP:
        if (tape[ptr] === 0) pc = program.brackets[pc]!;
        break;
      case END:
        if (tape[ptr] !== 0) {
          pc = program.brackets[pc]!;
          driver.canEnterJit({ pc, program, ptr, tape });
        }
        break;
    }
    pc++;
  }
}

export function main(argv: string[]): number {
  if (argv.length !== 2) {
    console.error("usage: bf program.b");
    return 2;
  }
  let source: string;
  try {
    source = readFileSync(argv[1]!, "utf8");
  } catch (e) {
    console.error(`bf: cannot read ${argv[1]}`);
    return 1;
  }
  try {
    run(parse(source));
  } catch (e) {
    if (e instanceof ParseError) {
      console.error(`bf: ${argv[1]}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  return 0;
}
