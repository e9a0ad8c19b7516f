// Bytecode for the Lox VM: the opcode numbers and the Chunk (one function's code, the source
// line of every byte, and its constant pool), laid out as clox lays them out: one-byte opcodes
// and operands, two-byte (big-endian) jump offsets.

import type { InstanceMap, LoxValue, ObjClosure } from "./value.ts";

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

  // The inline caches of the instructions that name a property (PyPy's LOAD_ATTR caching for
  // mapdict, which its interpreter keeps per code object), one entry per constant: each such
  // instruction has a constant of its own (the compiler never shares them). Only the interpreter
  // reads and writes them: the JIT promotes the instance's map instead (vm.ts, weAreJitted), so
  // these fields are mutable and not for it. What an entry says holds for as long as the map it
  // names is the instance's: maps never change, and a class's methods are all set before any
  // instance of it exists.

  /** OP_GET_PROPERTY: the map last seen that has the field, and the field's index in it. */
  readMaps: (InstanceMap | null)[];
  readIndexes: number[];
  /** OP_SET_PROPERTY: the map last seen, the field's index in it (-1 if it lacks the field), and the map after adding it. */
  writeMaps: (InstanceMap | null)[];
  writeIndexes: number[];
  writeNextMaps: (InstanceMap | null)[];
  /** OP_INVOKE: the map last seen, which has no field of that name, and its class's method of that name. */
  invokeMaps: (InstanceMap | null)[];
  invokeMethods: (ObjClosure | null)[];

  constructor() {
    this.code = [];
    this.lines = [];
    this.constants = [];
    this.names = [];
    this.globalSlots = [];
    this.readMaps = [];
    this.readIndexes = [];
    this.writeMaps = [];
    this.writeIndexes = [];
    this.writeNextMaps = [];
    this.invokeMaps = [];
    this.invokeMethods = [];
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
    this.readMaps.push(null);
    this.readIndexes.push(-1);
    this.writeMaps.push(null);
    this.writeIndexes.push(-1);
    this.writeNextMaps.push(null);
    this.invokeMaps.push(null);
    this.invokeMethods.push(null);
    return this.constants.length - 1;
  }
}
