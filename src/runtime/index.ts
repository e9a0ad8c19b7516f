/**
 * The runtime's index: every helper written in RTS that the toolchain calls, the collector's
 * entry points included. The translator loads it with every program it reads
 * (src/frontend/modules.ts RUNTIME_INDEX) and translates it as far as the program needs; the
 * rtyper finds a helper by its export name (RTyper.rtsHelper), whose type RuntimeHelperName is
 * the union of these exports, so a name not exported here does not compile.
 */

export { formatFloat, formatFloatForLog, formatInt, toExponential, toExponentialShortest, toFixed, toPrecision } from "./numbers-format.js";
export { parseFloatPrefix, parseIntRadix, stringToNumber } from "./numbers-parse.js";
export { formatRadix } from "./strings-radix.js";
export { mathRandom } from "./math-random.js";
export { reduceOfEmptyArray } from "./arrays.js";
export { jitSetUserParam } from "./jit/user-params.js";
export { floatMod, mathAtan, mathAtan2, mathCos, mathExp, mathLog, mathLog10, mathLog2, mathPow, mathSin, mathTan, toInt32Large } from "./math-fdlibm.js";
export {
  cpuTimeSeconds,
  dateNow,
  decodeUtf8,
  exitProcess,
  flushAll,
  nowMillis,
  readByteStdin,
  readFileUtf8,
  writeByteStdout,
  writeBytesStdout,
  writeStderr,
  writeStdout,
} from "./io.js";
export { nativeArgv, nativeFatal, nativeFatalIndex, nativeFatalNotInteger, nativeStackOverflow, nativeUncaught } from "./native.js";
export { gcAllocSlow, gcIdentityHash, gcInit, gcWriteBarrierArraySlow, gcWriteBarrierSlow } from "./gc/collector.js";
