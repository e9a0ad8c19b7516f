// Bytecode for the Lox VM: the opcode numbers and the Chunk (one function's code, the source
// line of every byte, and its constant pool), laid out as clox lays them out: one-byte opcodes
// and operands, two-byte (big-endian) jump offsets.

import type { LoxValue } from "./value.ts";

export const OP_CONSTANT = 0;
export const OP_NIL = 1;
export const OP_TRUE = 2;
export const OP_FALSE = 3;
export const OP_POP = 4;
export const OP_GET_LOCAL = 5;
export const OP_SET_LOCAL = 6;
export const OP_GET_GLOBAL = 7;
export const OP_DEFINE_GLOBAL = 8;
export const OP_SET_GLOBAL = 9;
export const OP_GET_UPVALUE = 10;
export const OP_SET_UPVALUE = 11;
export const OP_GET_PROPERTY = 12;
export const OP_SET_PROPERTY = 13;
export const OP_GET_SUPER = 14;
export const OP_EQUAL = 15;
export const OP_GREATER = 16;
export const OP_LESS = 17;
export const OP_ADD = 18;
export const OP_SUBTRACT = 19;
export const OP_MULTIPLY = 20;
export const OP_DIVIDE = 21;
export const OP_NOT = 22;
export const OP_NEGATE = 23;
export const OP_PRINT = 24;
export const OP_JUMP = 25;
export const OP_JUMP_IF_FALSE = 26;
export const OP_LOOP = 27;
export const OP_CALL = 28;
export const OP_INVOKE = 29;
export const OP_SUPER_INVOKE = 30;
export const OP_CLOSURE = 31;
export const OP_CLOSE_UPVALUE = 32;
export const OP_RETURN = 33;
export const OP_CLASS = 34;
export const OP_INHERIT = 35;
export const OP_METHOD = 36;

/**
 * The code of one function. The compiler fills it before any of it runs, and it never changes
 * after: the JIT may read its code and constants out of a constant chunk as constants.
 */
export class Chunk {
  static immutableFields = ["code[*]", "constants[*]", "names[*]", "globalSlots[*]"];

  /** Opcodes and operands, one byte (0..255) per element. */
  code: number[];
  /** The source line of each element of code. */
  lines: number[];
  /** The constant pool (at most 256 entries are addressable, as in clox). */
  constants: LoxValue[];
  /** For each constant, its characters if it is a string (names of globals, properties), else "". */
  names: string[];
  /** For each constant naming a global variable, the variable's slot in the VM's Globals, else -1. */
  globalSlots: number[];

  constructor() {
    this.code = [];
    this.lines = [];
    this.constants = [];
    this.names = [];
    this.globalSlots = [];
  }

  write(byte: number, line: number): void {
    this.code.push(byte);
    this.lines.push(line);
  }

  /** Adds a constant (clox does not reuse existing ones) and returns its index. */
  addConstant(value: LoxValue, name: string, globalSlot: number): number {
    this.constants.push(value);
    this.names.push(name);
    this.globalSlots.push(globalSlot);
    return this.constants.length - 1;
  }
}
