/**
 * The live values of the JavaScript runtime, Node and the rts library that RTS programs may
 * use, by the name under which the builtin table (builtins.ts) knows them. The annotator meets
 * them as constants (`Math`, a `readFileSync` imported from node:fs, `promote` from "rts") and
 * annotates them as `builtin` values of that name.
 */

import { readFileSync } from "node:fs";
import * as rts from "../lib/index.js";
import * as system from "../lib/system.js";

const G = globalThis as unknown as Record<string, unknown>;

export const BUILTIN_VALUES: ReadonlyMap<unknown, string> = new Map<unknown, string>([
  [Math, "Math"],
  [console, "console"],
  [process, "process"],
  [process.stdout, "process.stdout"],
  [process.stderr, "process.stderr"],
  [G.performance, "performance"],
  [Date, "Date"],
  [String, "String"],
  [Number, "Number"],
  [parseInt, "parseInt"],
  [parseFloat, "parseFloat"],
  [isNaN, "isNaN"],
  [isFinite, "isFinite"],
  [Map, "Map"],
  [Set, "Set"],
  [Array, "Array"],
  [Uint8Array, "Uint8Array"],
  [Int8Array, "Int8Array"],
  [Uint16Array, "Uint16Array"],
  [Int16Array, "Int16Array"],
  [Uint32Array, "Uint32Array"],
  [Int32Array, "Int32Array"],
  [Float32Array, "Float32Array"],
  [Float64Array, "Float64Array"],
  [readFileSync, "fs.readFileSync"],
  [rts.JitDriver, "rts.JitDriver"],
  [rts.promote, "rts.promote"],
  [rts.elidable, "rts.elidable"],
  [rts.unrollSafe, "rts.unrollSafe"],
  [rts.dontLookInside, "rts.dontLookInside"],
  [rts.weAreJitted, "rts.weAreJitted"],
  [rts.writeByte, "rts.writeByte"],
  [rts.writeBytes, "rts.writeBytes"],
  [rts.readByte, "rts.readByte"],
  [rts.cpuTime, "rts.cpuTime"],
  [rts.floatHighWord, "rts.floatHighWord"],
  [rts.floatLowWord, "rts.floatLowWord"],
  [rts.floatFromWords, "rts.floatFromWords"],
  // The runtime's primitives (src/lib/system.ts), for the helpers of src/runtime.
  [system.osWrite, "system.osWrite"],
  [system.osRead, "system.osRead"],
  [system.osOpenRead, "system.osOpenRead"],
  [system.osClose, "system.osClose"],
  [system.osExit, "system.osExit"],
  [system.osClock, "system.osClock"],
  [system.strFromUnits, "system.strFromUnits"],
  [system.loadWord, "system.loadWord"],
  [system.storeWord, "system.storeWord"],
  [system.loadInt32, "system.loadInt32"],
  [system.storeInt32, "system.storeInt32"],
  [system.loadByte, "system.loadByte"],
  [system.storeByte, "system.storeByte"],
  [system.copyMemory, "system.copyMemory"],
  [system.clearMemory, "system.clearMemory"],
  [system.osMmap, "system.osMmap"],
  [system.osMunmap, "system.osMunmap"],
  [system.osWriteRaw, "system.osWriteRaw"],
  [system.osCreate, "system.osCreate"],
  [system.gcShared, "system.gcShared"],
  [system.jitSetParam, "system.jitSetParam"],
  [system.stackTrace, "system.stackTrace"],
  [system.osMmapCode, "system.osMmapCode"],
  [system.osMprotect, "system.osMprotect"],
  [system.callMachineCode, "system.callMachineCode"],
  [system.callMachineCodeByKind, "system.callMachineCodeByKind"],
  [system.callMachineCodeByKindFloat, "system.callMachineCodeByKindFloat"],
  [system.functionAddress, "system.functionAddress"],
]);
