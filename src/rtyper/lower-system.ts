/**
 * The lowering of the program's dealings with the system: console.log and console.error,
 * process.stdout.write, process.exit, clocks, readFileSync, the rts library's byte I/O and JIT
 * hints, and the primitives of "rts/system" that the runtime helpers themselves use. Everything
 * above the primitives is a runtime helper written in RTS (src/runtime/io.ts), so that the
 * LL interpreter and every backend share it; only the primitives are LL operations.
 */

import type { LLOpName } from "../llir/lloperation.js";
import type { FunctionDesc, Some } from "../annotator/bookkeeper.js";
import { someInteger, someString, someTypedArray } from "../annotator/model.js";
import { LLConstant, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Address, Bool, Char, Float, FuncType, Int32, Ptr, STR, Signed, Uint8, Void, typeName, type LLType } from "../llir/lltype.js";
import { callGraph, callRtsHelper, type BuiltinLowering, type BuiltinLowerings } from "./lower-common.js";
import { stringOf } from "./lower-strings.js";
import { BOOL, FLOAT, INT, type Repr } from "./rmodel.js";
import { TypedArrayRepr } from "./rtypedarray.js";
import { ListRepr } from "./rlist.js";
import type { HighLevelOp, RTyper, RuntimeHelperName } from "./rtyper.js";

const STRING: Some = someString();
const INTEGER: Some = someInteger();
const BYTES: Some = someTypedArray("Uint8Array");

/** A call of a runtime helper on values already lowered; returns its result converted to the operation's result. */
function helper(hop: HighLevelOp, name: RuntimeHelperName, argsS: Some[], args: { value: LLValue; repr: Repr }[]): LLValue {
  const { value, repr } = callRtsHelper(hop, name, argsS, args);
  return hop.convertValue(value, repr, hop.resultR);
}

/**
 * console.log and friends: each argument as String() gives it (except a negative zero double,
 * which Node prints "-0"), separated by spaces, then a newline.
 */
function printer(writer: RuntimeHelperName): BuiltinLowering {
  return (hop, first) => {
    const strings = hop.rtyper.reprOf(STRING);
    const write = (value: LLValue) => callRtsHelper(hop, writer, [STRING], [{ value, repr: strings }]);
    for (let i = first; i < hop.op.args.length; i++) {
      if (i > first) write(strings.convertConst(" "));
      write(stringOf(hop, i, true));
    }
    write(strings.convertConst("\n"));
    return undefined;
  };
}

/** process.stdout.write(s): s is a string or a char. */
function streamWriter(writer: RuntimeHelperName): BuiltinLowering {
  return (hop, first) => {
    const strings = hop.rtyper.reprOf(STRING);
    callRtsHelper(hop, writer, [STRING], [{ value: stringOf(hop, first), repr: strings }]);
    return new LLConstant(true, Bool);
  };
}

/** An argument converted to a representation, or a default when it is not given. */
function argOr(hop: HighLevelOp, i: number, repr: Repr, fallback: LLValue): LLValue {
  return i < hop.op.args.length ? hop.input(i, repr) : fallback;
}

/** A primitive of "rts/system" that is one LL operation. */
function primitive(opname: LLOpName, argReprs: ((hop: HighLevelOp, i: number) => Repr)[], result: LLType): BuiltinLowering {
  return (hop, first) => hop.genop(opname, argReprs.map((repr, k) => hop.input(first + k, repr(hop, first + k))), result);
}
const asInt = () => INT;
const asFloat = () => FLOAT;
const asBool = () => BOOL;
const own = (hop: HighLevelOp, i: number) => hop.repr(i);

/** An integer operand of a raw memory primitive as an Address (the same bits). */
function address(hop: HighLevelOp, i: number): LLValue {
  return hop.genop("cast_int_to_adr", [hop.input(i, INT)], Address);
}

/** loadWord(address, offset) and friends: one raw_load of the storage type. */
function rawLoad(type: LLType): BuiltinLowering {
  return (hop, first) => {
    const value = hop.genop("raw_load", [new LLConstant(type, Void), address(hop, first), hop.input(first + 1, INT)], type === Uint8 || type === Int32 ? Signed : type);
    return value;
  };
}

/** storeWord(address, offset, value) and friends: one raw_store of the storage type. */
function rawStore(type: LLType): BuiltinLowering {
  return (hop, first) => {
    hop.genop("raw_store", [new LLConstant(type, Void), address(hop, first), hop.input(first + 1, INT), hop.input(first + 2, INT)], Void);
    return undefined;
  };
}

/** strFromUnits(units, start, end): a new STR holding units[start, end) (a Uint16Array). */
function strFromUnitsGraph(rtyper: RTyper, unitsType: LLType): LLGraph {
  return rtyper.helperGraph("ll_str_from_units", () => {
    const b = new LLGraphBuilder("ll_str_from_units", [unitsType, Signed, Signed], Ptr(STR));
    const [units, start, end] = b.args as [LLValue, LLValue, LLValue];
    const length = b.op("int_sub", [end, start], Signed, "length");
    const s = b.op("malloc_varsize", [new LLConstant(STR, Void), length], Ptr(STR), "s");
    b.forRange(new LLConstant(0, Signed), length, (i) => {
      const unit = b.op("getarrayitem", [units, b.op("int_add", [start, i], Signed)], Signed, "unit");
      b.op("setinteriorfield", [s, new LLConstant("chars", Void), i, b.op("cast_int_to_char", [unit], Char)], Void);
    }, Signed);
    b.returnValue(s);
    return b.build();
  });
}

/** callMachineCodeByKind(address, ints, floats): the lists' item arrays and lengths, the call by kind. */
function machineCodeByKind(result: LLType): BuiltinLowering {
  return (hop, first) => {
    const parts = [first + 1, first + 2].flatMap((i) => {
      const repr = hop.repr(i);
      if (!(repr instanceof ListRepr)) throw hop.error(`internal error: an array of numbers in ${repr.name}`);
      const list = hop.input(i, repr);
      return [hop.genop("getfield", [list, new LLConstant("items", Void)], repr.itemsType, "items"), hop.genop("getfield", [list, new LLConstant("length", Void)], Signed, "length")];
    });
    return hop.genop("call_machine_code_by_kind", [hop.input(first, INT), ...parts], result, "result");
  };
}

/**
 * functionAddress(f): the address of f's machine code (a function constant cast to an integer),
 * f's graph taking Signed parameters and giving a Signed or nothing, as the annotator made it.
 */
const functionAddress: BuiltinLowering = (hop, first) => {
  const s = hop.argsS[first]!;
  if (s.kind !== "pbc" || s.descs.size !== 1) throw hop.error("functionAddress() takes one function of the program");
  const desc = [...s.descs][0] as FunctionDesc;
  const rtyper = hop.rtyper;
  const graph = desc.graph!;
  const params = graph.startblock.inputargs.map((v) => rtyper.reprOf(rtyper.annotation(v)).lowleveltype);
  const result = rtyper.reprOf(rtyper.annotation(graph.returnblock.inputargs[0]!)).lowleveltype;
  if (params.some((p) => p !== Signed) || (result !== Signed && result !== Void)) {
    throw hop.error(`functionAddress(${desc.name}): machine code passes integers and reads an integer, but ${desc.name} takes (${params.map(typeName).join(", ")}) and gives ${typeName(result)}`);
  }
  const fn = new LLConstant(rtyper.functionRef(desc), Ptr(new FuncType(params, result)));
  return hop.genop("cast_adr_to_int", [hop.genop("cast_ptr_to_adr", [fn], Address, "code")], Signed, "address");
};

export const SYSTEM_LOWERINGS: BuiltinLowerings = {
  calls: {
    "console.log": printer("writeStdout"),
    "console.error": printer("writeStderr"),
    "process.stdout.write": streamWriter("writeStdout"),
    "process.stderr.write": streamWriter("writeStderr"),
    "process.exit": (hop, first) => {
      const status = argOr(hop, first, INT, new LLConstant(0, Signed));
      callRtsHelper(hop, "exitProcess", [INTEGER], [{ value: status, repr: INT }]);
      return undefined;
    },
    "performance.now": (hop) => helper(hop, "nowMillis", [], []),
    "Date.now": (hop) => helper(hop, "dateNow", [], []),
    "fs.readFileSync": (hop, first) => {
      const strings = hop.rtyper.reprOf(STRING);
      return helper(hop, "readFileUtf8", [STRING], [{ value: stringOf(hop, first), repr: strings }]);
    },
    "rts.writeByte": (hop, first) => {
      callRtsHelper(hop, "writeByteStdout", [INTEGER], [{ value: hop.input(first, INT), repr: INT }]);
      return undefined;
    },
    "rts.writeBytes": (hop, first) => {
      const bytes = hop.repr(first) as TypedArrayRepr;
      const array = hop.input(first, bytes);
      const start = argOr(hop, first + 1, INT, new LLConstant(0, Signed));
      const end = first + 2 < hop.op.args.length ? hop.input(first + 2, INT) : hop.genop("getarraylength", [array], Signed, "length");
      const args = [{ value: array, repr: bytes as Repr }, { value: start, repr: INT }, { value: end, repr: INT }];
      callRtsHelper(hop, "writeBytesStdout", [BYTES, INTEGER, INTEGER], args);
      return undefined;
    },
    "rts.readByte": (hop) => helper(hop, "readByteStdin", [], []),
    "rts.cpuTime": (hop) => helper(hop, "cpuTimeSeconds", [], []),
    // JIT hints: the codewriter (issue 8) reads these operations; untranslated they do nothing.
    "rts.promote": (hop, first) => hop.genop("jit_promote", [hop.input(first, hop.resultR)], hop.resultR.lowleveltype, "promoted"),
    // An operation, not the constant false: jitcodes answer true (src/rtyper/opt/README.md says when it folds).
    "rts.weAreJitted": (hop) => hop.genop("jit_we_are_jitted", [], Bool, "jitted"),
    "rts.floatHighWord": primitive("float_high_word", [asFloat], Signed),
    "rts.floatLowWord": primitive("float_low_word", [asFloat], Signed),
    "rts.floatFromWords": primitive("float_from_words", [asInt, asInt], Float),
    "system.osWrite": primitive("os_write", [asInt, own, asInt, asInt], Signed),
    "system.osRead": primitive("os_read", [asInt, own, asInt, asInt], Signed),
    "system.osOpenRead": primitive("os_open_read", [own], Signed),
    "system.osClose": primitive("os_close", [asInt], Signed),
    "system.osExit": primitive("os_exit", [asInt], Void),
    "system.osClock": primitive("os_clock", [asInt], Float),
    "system.loadWord": rawLoad(Signed),
    "system.storeWord": rawStore(Signed),
    "system.loadInt32": rawLoad(Int32),
    "system.storeInt32": rawStore(Int32),
    "system.loadByte": rawLoad(Uint8),
    "system.storeByte": rawStore(Uint8),
    "system.copyMemory": (hop, first) => {
      hop.genop("raw_memcopy", [address(hop, first), address(hop, first + 1), hop.input(first + 2, INT)], Void);
      return undefined;
    },
    "system.clearMemory": (hop, first) => {
      hop.genop("raw_memclear", [address(hop, first), hop.input(first + 1, INT)], Void);
      return undefined;
    },
    "system.osMmap": (hop, first) => hop.genop("cast_adr_to_int", [hop.genop("os_mmap", [hop.input(first, INT)], Address)], Signed),
    "system.osMunmap": (hop, first) => hop.genop("os_munmap", [address(hop, first), hop.input(first + 1, INT)], Signed),
    "system.osWriteRaw": (hop, first) => hop.genop("os_write_raw", [hop.input(first, INT), address(hop, first + 1), hop.input(first + 2, INT)], Signed),
    "system.osCreate": (hop, first) => hop.genop("os_create", [address(hop, first)], Signed),
    "system.stackTrace": (hop, first) => {
      hop.genop("stack_trace", [hop.input(first, hop.repr(first))], Void);
      return undefined;
    },
    "system.jitSetParam": primitive("jit_set_param", [asInt, asInt], Void),
    // Machine code (the JIT's): code memory is mmap'd as any raw memory, then mprotect'd.
    "system.osMmapCode": (hop, first) => hop.genop("cast_adr_to_int", [hop.genop("os_mmap", [hop.input(first, INT)], Address)], Signed),
    "system.osMprotect": (hop, first) => hop.genop("os_mprotect", [address(hop, first), hop.input(first + 1, INT), hop.input(first + 2, INT)], Signed),
    "system.callMachineCode": (hop, first) =>
      hop.genop("call_machine_code", hop.argsS.slice(first).map((_, k) => hop.input(first + k, INT)), Signed, "result"),
    "system.callMachineCodeByKind": machineCodeByKind(Signed),
    "system.callMachineCodeByKindFloat": machineCodeByKind(Float),
    "system.functionAddress": functionAddress,
    "system.gcShared": (hop) => hop.genop("cast_adr_to_int", [hop.genop("gc_shared", [], Address)], Signed),
    "system.strFromUnits": (hop, first) => {
      const units = hop.repr(first);
      const graph = strFromUnitsGraph(hop.rtyper, units.lowleveltype);
      return callGraph(hop, graph, [hop.input(first, units), hop.input(first + 1, INT), hop.input(first + 2, INT)], "s");
    },
  },
};
