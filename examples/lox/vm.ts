// The Lox virtual machine (clox's vm.c): a value stack with an explicit top index, call frames
// (at most 64, as clox's FRAMES_MAX), closures with open/closed upvalues, classes, instances,
// bound methods, and the bytecode dispatch loop. The loop keeps its hot state in locals (ip,
// code, frame, base, sp) and writes it back to the frame and the VM around calls and returns; it
// carries the JIT hints: greens are the instruction pointer and the current chunk.

import { JitDriver, dontLookInside, elidable, promote, weAreJitted } from "rts";
import { Chunk } from "./chunk.ts";
import { compile } from "./compiler.ts";
import {
  ClockNative, FALSE, Globals, LoxNumber, LoxValue, NIL, ObjBoundMethod, ObjClass, ObjClosure, ObjFunction,
  ObjInstance, ObjNative, ObjString, ObjUpvalue, TRUE, fieldIndex, isFalsey, mapWithField, valuesEqual,
} from "./value.ts";

export const INTERPRET_OK = 0;
export const INTERPRET_COMPILE_ERROR = 1;
export const INTERPRET_RUNTIME_ERROR = 2;

/** As clox: at most 64 nested calls; 256 stack slots per frame. */
const FRAMES_MAX = 64;
const STACK_MAX = FRAMES_MAX * 256;
/** Free slots guaranteed above the stack top when a frame is pushed (locals plus temporaries). */
const STACK_HEADROOM = 1024;

/** An error in the VM itself (a malformed chunk), never a Lox runtime error. */
export class LoxInternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LoxInternalError";
  }
}

/** One active call: the closure, where it is in its code, and where its slots start in the stack. */
export class CallFrame {
  closure: ObjClosure;
  ip: number;
  /** Index in the VM stack of slot 0 (the callee, or `this` in methods). */
  slots: number;
  constructor(closure: ObjClosure) {
    this.closure = closure;
    this.ip = 0;
    this.slots = 0;
  }
}

/** The placeholder closure of frames not in use. */
const NO_CLOSURE = new ObjClosure(new ObjFunction(null));

export class VM {
  stack: LoxValue[];
  stackTop: number;
  frames: CallFrame[];
  frameCount: number;
  globals: Globals;
  /** Open upvalues, sorted by stack slot, highest first. */
  openUpvalues: ObjUpvalue | null;

  constructor() {
    this.stack = [];
    for (let i = 0; i < STACK_MAX; i++) this.stack.push(NIL);
    this.stackTop = 0;
    this.frames = [];
    for (let i = 0; i < FRAMES_MAX; i++) this.frames.push(new CallFrame(NO_CLOSURE));
    this.frameCount = 0;
    this.globals = new Globals();
    this.openUpvalues = null;
    this.globals.define("clock", new ClockNative());
  }
}

/** Compiles and runs source; returns INTERPRET_OK, INTERPRET_COMPILE_ERROR or INTERPRET_RUNTIME_ERROR. */
export function interpret(vm: VM, source: string): number {
  const fn = compile(source, vm.globals);
  if (fn === null) return INTERPRET_COMPILE_ERROR;
  const closure = new ObjClosure(fn);
  vm.stack[vm.stackTop++] = closure;
  callClosure(vm, closure, 0);
  return run(vm);
}

/** Prints a runtime error and the call stack (innermost first) as clox does, and resets the stack. */
function runtimeError(vm: VM, message: string): number {
  console.error(message);
  for (let i = vm.frameCount - 1; i >= 0; i--) {
    const frame = vm.frames[i];
    const fn = frame.closure.function;
    const line = fn.chunk.lines[frame.ip - 1];
    const name = fn.name;
    console.error(`[line ${line}] in ${name === null ? "script" : `${name.chars}()`}`);
  }
  vm.stackTop = 0;
  vm.frameCount = 0;
  vm.openUpvalues = null;
  return INTERPRET_RUNTIME_ERROR;
}

/**
 * Makes room above the stack top (a function of its own: with its loop, the JIT calls it rather
 * than tracing into it, and callClosure stays free of loops). dontLookInside says so to the JIT
 * and keeps the ahead-of-time inliner from copying the loop into callClosure, whose every call
 * then paid for the registers and root slots of a path it almost never takes.
 */
const growStack = dontLookInside((vm: VM): void => {
  const stack = vm.stack;
  while (vm.stackTop + STACK_HEADROOM > stack.length) stack.push(NIL);
});

/**
 * A class's method by name, or null. Elidable (the JIT takes the result as a constant for a
 * constant class and name): a class's methods are all set while its declaration runs
 * (OP_METHOD, OP_INHERIT), before any code can look one up. Callers promote the class.
 */
const findMethod = elidable((klass: ObjClass, name: string): ObjClosure | null => klass.methods.get(name) ?? null);

/** The runtime error of a call with the wrong number of arguments (out of callClosure, which stays small enough to be inlined). */
function arityError(vm: VM, arity: number, argCount: number): boolean {
  runtimeError(vm, `Expected ${arity} arguments but got ${argCount}.`);
  return false;
}

/** Pushes a frame for closure, whose arguments are the top argCount stack values. */
function callClosure(vm: VM, closure: ObjClosure, argCount: number): boolean {
  const arity = closure.function.arity;
  if (argCount !== arity) return arityError(vm, arity, argCount);
  if (vm.frameCount === FRAMES_MAX) {
    runtimeError(vm, "Stack overflow.");
    return false;
  }
  if (vm.stackTop + STACK_HEADROOM > vm.stack.length) growStack(vm);
  const frame = vm.frames[vm.frameCount++];
  frame.closure = closure;
  frame.ip = 0;
  frame.slots = vm.stackTop - argCount - 1;
  return true;
}

/** Calls callee with the top argCount stack values as arguments (callee sits just below them). */
function callValue(vm: VM, callee: LoxValue, argCount: number): boolean {
  if (callee instanceof ObjClosure) {
    return callClosure(vm, callee, argCount);
  }
  if (callee instanceof ObjBoundMethod) {
    vm.stack[vm.stackTop - argCount - 1] = callee.receiver;
    return callClosure(vm, callee.method, argCount);
  }
  if (callee instanceof ObjClass) {
    vm.stack[vm.stackTop - argCount - 1] = new ObjInstance(callee);
    const initializer = weAreJitted() ? findMethod(promote(callee), "init") : callee.initializer;
    if (initializer !== null) {
      return callClosure(vm, initializer, argCount);
    }
    if (argCount !== 0) {
      runtimeError(vm, `Expected 0 arguments but got ${argCount}.`);
      return false;
    }
    return true;
  }
  if (callee instanceof ObjNative) {
    const result = callee.call(vm.stack, vm.stackTop - argCount, argCount);
    vm.stackTop -= argCount + 1;
    vm.stack[vm.stackTop++] = result;
    return true;
  }
  runtimeError(vm, "Can only call functions and classes.");
  return false;
}

function invokeFromClass(vm: VM, klass: ObjClass, name: string, argCount: number): boolean {
  const method = findMethod(promote(klass), name);
  if (method === null) {
    runtimeError(vm, `Undefined property '${name}'.`);
    return false;
  }
  return callClosure(vm, method, argCount);
}

/**
 * receiver.name(args...), where name is code's constant: a field holding a callable, or a method
 * called without binding it. The interpreter remembers, per instruction, the last map without
 * such a field and the method its class gives (Chunk.invokeMaps): the next call on an instance
 * of that map calls the method at once.
 */
function invoke(vm: VM, code: Chunk, constant: number, argCount: number): boolean {
  const receiver = vm.stack[vm.stackTop - argCount - 1];
  if (!(receiver instanceof ObjInstance)) {
    runtimeError(vm, "Only instances have methods.");
    return false;
  }
  if (!weAreJitted() && code.invokeMaps[constant] === receiver.map) {
    const cached = code.invokeMethods[constant];
    if (cached !== null) return callClosure(vm, cached, argCount);
  }
  const name = code.names[constant];
  const value = receiver.getField(name);
  if (value !== undefined) {
    vm.stack[vm.stackTop - argCount - 1] = value;
    return callValue(vm, value, argCount);
  }
  if (!weAreJitted()) {
    const method = findMethod(receiver.klass, name);
    if (method !== null) {
      code.invokeMaps[constant] = receiver.map;
      code.invokeMethods[constant] = method;
      return callClosure(vm, method, argCount);
    }
  }
  return invokeFromClass(vm, receiver.klass, name, argCount);
}

/**
 * The index of field name (code's constant) in receiver, or -1: through the instruction's
 * inline cache (Chunk.readMaps) in the interpreter, which the JIT never uses (it promotes the
 * map, and fieldIndex of a constant map folds).
 */
function readIndex(code: Chunk, constant: number, receiver: ObjInstance): number {
  const map = receiver.map;
  if (code.readMaps[constant] === map) return code.readIndexes[constant];
  const index = fieldIndex(map, code.names[constant]);
  if (index >= 0) {
    code.readMaps[constant] = map;
    code.readIndexes[constant] = index;
  }
  return index;
}

/** target.name = value (name is code's constant), through the instruction's inline cache (Chunk.writeMaps); the interpreter's only, as readIndex. */
function writeField(code: Chunk, constant: number, target: ObjInstance, value: LoxValue): void {
  const map = target.map;
  if (code.writeMaps[constant] !== map) {
    const index = fieldIndex(map, code.names[constant]);
    code.writeMaps[constant] = map;
    code.writeIndexes[constant] = index;
    code.writeNextMaps[constant] = index < 0 ? mapWithField(map, code.names[constant]) : null;
  }
  const index = code.writeIndexes[constant];
  if (index >= 0) {
    target.values[index] = value;
    return;
  }
  const next = code.writeNextMaps[constant];
  if (next === null) throw new LoxInternalError("a property cache without its next map");
  target.map = next;
  target.values.push(value);
}

/** The upvalue for stack slot `slot`, reusing an open one if the slot is already captured. */
function captureUpvalue(vm: VM, slot: number): ObjUpvalue {
  let prev: ObjUpvalue | null = null;
  let upvalue = vm.openUpvalues;
  while (upvalue !== null && upvalue.slot > slot) {
    prev = upvalue;
    upvalue = upvalue.next;
  }
  if (upvalue !== null && upvalue.slot === slot) return upvalue;
  const created = new ObjUpvalue(slot, upvalue);
  if (prev === null) {
    vm.openUpvalues = created;
  } else {
    prev.next = created;
  }
  return created;
}

/** Closes every open upvalue for a slot at or above `last`: the variable moves into the upvalue. */
function closeUpvalues(vm: VM, last: number): void {
  let upvalue = vm.openUpvalues;
  while (upvalue !== null && upvalue.slot >= last) {
    upvalue.closed = vm.stack[upvalue.slot];
    upvalue.slot = -1;
    const next = upvalue.next;
    upvalue.next = null;
    upvalue = next;
  }
  vm.openUpvalues = upvalue;
}

function asClass(value: LoxValue): ObjClass {
  if (value instanceof ObjClass) return value;
  throw new LoxInternalError("expected a class on the stack");
}

function asClosure(value: LoxValue): ObjClosure {
  if (value instanceof ObjClosure) return value;
  throw new LoxInternalError("expected a closure on the stack");
}

function asFunction(value: LoxValue): ObjFunction {
  if (value instanceof ObjFunction) return value;
  throw new LoxInternalError("expected a function constant");
}

function asString(value: LoxValue): ObjString {
  if (value instanceof ObjString) return value;
  throw new LoxInternalError("expected a string constant");
}

const driver = new JitDriver({ greens: ["ip", "code"], reds: ["frame", "base", "sp", "stack", "vm"], name: "lox" });

/** The dispatch loop: runs until the script returns or a runtime error. */
function run(vm: VM): number {
  let frame = vm.frames[vm.frameCount - 1];
  let code = frame.closure.function.chunk;
  let ip = frame.ip;
  let base = frame.slots;
  let sp = vm.stackTop;
  const stack = vm.stack;

  for (;;) {
    driver.jitMergePoint({ ip, code, frame, base, sp, stack, vm });
    const instruction = code.code[ip++];
    // The case labels are the opcode numbers of chunk.ts written as literals (named in the
    // comments): V8 compiles a switch on literal labels to a jump table, but compares imported
    // constants one by one, which made the untranslated interpreter about twice as slow.
    // tests/examples/lox-opcodes.test.ts checks that every label matches its name.
    switch (instruction) {
      case 0: { // OP_CONSTANT
        stack[sp++] = code.constants[code.code[ip++]];
        break;
      }
      case 1: // OP_NIL
        stack[sp++] = NIL;
        break;
      case 2: // OP_TRUE
        stack[sp++] = TRUE;
        break;
      case 3: // OP_FALSE
        stack[sp++] = FALSE;
        break;
      case 4: // OP_POP
        sp--;
        break;
      case 5: { // OP_GET_LOCAL
        stack[sp++] = stack[base + code.code[ip++]];
        break;
      }
      case 6: { // OP_SET_LOCAL
        stack[base + code.code[ip++]] = stack[sp - 1];
        break;
      }
      case 7: { // OP_GET_GLOBAL
        const constant = code.code[ip++];
        const value = vm.globals.values[code.globalSlots[constant]];
        if (value === null) {
          frame.ip = ip;
          return runtimeError(vm, `Undefined variable '${code.names[constant]}'.`);
        }
        stack[sp++] = value;
        break;
      }
      case 8: { // OP_DEFINE_GLOBAL
        vm.globals.values[code.globalSlots[code.code[ip++]]] = stack[sp - 1];
        sp--;
        break;
      }
      case 9: { // OP_SET_GLOBAL
        const constant = code.code[ip++];
        const values = vm.globals.values;
        const slot = code.globalSlots[constant];
        if (values[slot] === null) {
          frame.ip = ip;
          return runtimeError(vm, `Undefined variable '${code.names[constant]}'.`);
        }
        values[slot] = stack[sp - 1];
        break;
      }
      case 10: { // OP_GET_UPVALUE
        const upvalue = frame.closure.upvalues[code.code[ip++]];
        stack[sp++] = upvalue.slot >= 0 ? stack[upvalue.slot] : upvalue.closed;
        break;
      }
      case 11: { // OP_SET_UPVALUE
        const upvalue = frame.closure.upvalues[code.code[ip++]];
        if (upvalue.slot >= 0) {
          stack[upvalue.slot] = stack[sp - 1];
        } else {
          upvalue.closed = stack[sp - 1];
        }
        break;
      }
      case 12: { // OP_GET_PROPERTY
        const receiver = stack[sp - 1];
        if (!(receiver instanceof ObjInstance)) {
          frame.ip = ip;
          return runtimeError(vm, "Only instances have properties.");
        }
        const constant = code.code[ip++];
        const name = code.names[constant];
        let value: LoxValue | undefined;
        if (weAreJitted()) {
          value = receiver.getField(name);
        } else {
          const index = readIndex(code, constant, receiver);
          value = index < 0 ? undefined : receiver.values[index];
        }
        if (value !== undefined) {
          stack[sp - 1] = value;
          break;
        }
        const method = findMethod(promote(receiver.klass), name);
        if (method === null) {
          frame.ip = ip;
          return runtimeError(vm, `Undefined property '${name}'.`);
        }
        stack[sp - 1] = new ObjBoundMethod(receiver, method);
        break;
      }
      case 13: { // OP_SET_PROPERTY
        const target = stack[sp - 2];
        if (!(target instanceof ObjInstance)) {
          frame.ip = ip;
          return runtimeError(vm, "Only instances have fields.");
        }
        const value = stack[sp - 1];
        const constant = code.code[ip++];
        if (weAreJitted()) target.setField(code.names[constant], value);
        else writeField(code, constant, target, value);
        stack[sp - 2] = value;
        sp--;
        break;
      }
      case 14: { // OP_GET_SUPER
        const name = code.names[code.code[ip++]];
        const superclass = asClass(stack[--sp]);
        const method = findMethod(promote(superclass), name);
        if (method === null) {
          frame.ip = ip;
          return runtimeError(vm, `Undefined property '${name}'.`);
        }
        stack[sp - 1] = new ObjBoundMethod(stack[sp - 1], method);
        break;
      }
      case 15: { // OP_EQUAL
        const b = stack[--sp];
        stack[sp - 1] = valuesEqual(stack[sp - 1], b) ? TRUE : FALSE;
        break;
      }
      case 16: { // OP_GREATER
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (!(a instanceof LoxNumber && b instanceof LoxNumber)) {
          frame.ip = ip;
          return runtimeError(vm, "Operands must be numbers.");
        }
        stack[sp - 2] = a.value > b.value ? TRUE : FALSE;
        sp--;
        break;
      }
      case 17: { // OP_LESS
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (!(a instanceof LoxNumber && b instanceof LoxNumber)) {
          frame.ip = ip;
          return runtimeError(vm, "Operands must be numbers.");
        }
        stack[sp - 2] = a.value < b.value ? TRUE : FALSE;
        sp--;
        break;
      }
      case 18: { // OP_ADD
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (a instanceof LoxNumber && b instanceof LoxNumber) {
          stack[sp - 2] = new LoxNumber(a.value + b.value);
        } else if (a instanceof ObjString && b instanceof ObjString) {
          stack[sp - 2] = new ObjString(a.chars + b.chars);
        } else {
          frame.ip = ip;
          return runtimeError(vm, "Operands must be two numbers or two strings.");
        }
        sp--;
        break;
      }
      case 19: { // OP_SUBTRACT
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (!(a instanceof LoxNumber && b instanceof LoxNumber)) {
          frame.ip = ip;
          return runtimeError(vm, "Operands must be numbers.");
        }
        stack[sp - 2] = new LoxNumber(a.value - b.value);
        sp--;
        break;
      }
      case 20: { // OP_MULTIPLY
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (!(a instanceof LoxNumber && b instanceof LoxNumber)) {
          frame.ip = ip;
          return runtimeError(vm, "Operands must be numbers.");
        }
        stack[sp - 2] = new LoxNumber(a.value * b.value);
        sp--;
        break;
      }
      case 21: { // OP_DIVIDE
        const b = stack[sp - 1];
        const a = stack[sp - 2];
        if (!(a instanceof LoxNumber && b instanceof LoxNumber)) {
          frame.ip = ip;
          return runtimeError(vm, "Operands must be numbers.");
        }
        stack[sp - 2] = new LoxNumber(a.value / b.value);
        sp--;
        break;
      }
      case 22: // OP_NOT
        stack[sp - 1] = isFalsey(stack[sp - 1]) ? TRUE : FALSE;
        break;
      case 23: { // OP_NEGATE
        const a = stack[sp - 1];
        if (!(a instanceof LoxNumber)) {
          frame.ip = ip;
          return runtimeError(vm, "Operand must be a number.");
        }
        stack[sp - 1] = new LoxNumber(-a.value);
        break;
      }
      case 24: { // OP_PRINT
        console.log(stack[--sp].show());
        break;
      }
      case 25: { // OP_JUMP
        const offset = (code.code[ip] << 8) | code.code[ip + 1];
        ip += 2 + offset;
        break;
      }
      case 26: { // OP_JUMP_IF_FALSE
        const offset = (code.code[ip] << 8) | code.code[ip + 1];
        ip += 2;
        if (isFalsey(stack[sp - 1])) ip += offset;
        break;
      }
      case 27: { // OP_LOOP
        const offset = (code.code[ip] << 8) | code.code[ip + 1];
        ip = ip + 2 - offset;
        driver.canEnterJit({ ip, code, frame, base, sp, stack, vm });
        break;
      }
      case 28: { // OP_CALL
        const argCount = code.code[ip++];
        const caller = code;
        frame.ip = ip;
        vm.stackTop = sp;
        if (!callValue(vm, stack[sp - 1 - argCount], argCount)) {
          return INTERPRET_RUNTIME_ERROR;
        }
        frame = vm.frames[vm.frameCount - 1];
        code = frame.closure.function.chunk;
        ip = frame.ip;
        base = frame.slots;
        sp = vm.stackTop;
        // A function that calls itself (as fib) may have no loop: the start of a recursive call is
        // where the JIT may trace from (RPython's function_threshold). Not every function's start:
        // a trace from there would end each caller's loop at its first call, in a jump to the
        // callee's trace. Both chunks are constants of a trace: the test costs nothing in it.
        if (ip === 0 && code === caller) driver.canEnterJit({ ip, code, frame, base, sp, stack, vm });
        break;
      }
      case 29: { // OP_INVOKE
        const constant = code.code[ip++];
        const caller = code;
        const argCount = code.code[ip++];
        frame.ip = ip;
        vm.stackTop = sp;
        if (!invoke(vm, code, constant, argCount)) {
          return INTERPRET_RUNTIME_ERROR;
        }
        frame = vm.frames[vm.frameCount - 1];
        code = frame.closure.function.chunk;
        ip = frame.ip;
        base = frame.slots;
        sp = vm.stackTop;
        if (ip === 0 && code === caller) driver.canEnterJit({ ip, code, frame, base, sp, stack, vm });
        break;
      }
      case 30: { // OP_SUPER_INVOKE
        const name = code.names[code.code[ip++]];
        const caller = code;
        const argCount = code.code[ip++];
        const superclass = asClass(stack[--sp]);
        frame.ip = ip;
        vm.stackTop = sp;
        if (!invokeFromClass(vm, superclass, name, argCount)) {
          return INTERPRET_RUNTIME_ERROR;
        }
        frame = vm.frames[vm.frameCount - 1];
        code = frame.closure.function.chunk;
        ip = frame.ip;
        base = frame.slots;
        sp = vm.stackTop;
        if (ip === 0 && code === caller) driver.canEnterJit({ ip, code, frame, base, sp, stack, vm });
        break;
      }
      case 31: { // OP_CLOSURE
        const fn = asFunction(code.constants[code.code[ip++]]);
        const closure = new ObjClosure(fn);
        stack[sp++] = closure;
        for (let i = 0; i < fn.upvalueCount; i++) {
          const isLocal = code.code[ip++];
          const index = code.code[ip++];
          if (isLocal === 1) {
            closure.upvalues.push(captureUpvalue(vm, base + index));
          } else {
            closure.upvalues.push(frame.closure.upvalues[index]);
          }
        }
        break;
      }
      case 32: { // OP_CLOSE_UPVALUE
        closeUpvalues(vm, sp - 1);
        sp--;
        break;
      }
      case 33: { // OP_RETURN
        const result = stack[--sp];
        if (vm.openUpvalues !== null) closeUpvalues(vm, base);
        vm.frameCount--;
        if (vm.frameCount === 0) {
          vm.stackTop = base;
          return INTERPRET_OK;
        }
        sp = base;
        stack[sp++] = result;
        frame = vm.frames[vm.frameCount - 1];
        code = frame.closure.function.chunk;
        ip = frame.ip;
        base = frame.slots;
        break;
      }
      case 34: { // OP_CLASS
        stack[sp++] = new ObjClass(asString(code.constants[code.code[ip++]]));
        break;
      }
      case 35: { // OP_INHERIT
        const superclass = stack[sp - 2];
        if (!(superclass instanceof ObjClass)) {
          frame.ip = ip;
          return runtimeError(vm, "Superclass must be a class.");
        }
        const subclass = asClass(stack[sp - 1]);
        const names = superclass.methodNames;
        for (let i = 0; i < names.length; i++) {
          const method = superclass.methods.get(names[i]);
          if (method !== undefined) subclass.setMethod(names[i], method);
        }
        sp--; // Subclass.
        break;
      }
      case 36: { // OP_METHOD
        const name = code.names[code.code[ip++]];
        const method = asClosure(stack[sp - 1]);
        asClass(stack[sp - 2]).setMethod(name, method);
        sp--;
        break;
      }
      default:
        throw new LoxInternalError(`unknown opcode ${instruction}`);
    }
  }
}
