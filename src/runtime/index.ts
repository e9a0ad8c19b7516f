/**
 * The runtime helpers written in RTS, as the rtyper finds them (by name, see RTyper.rtsHelper):
 * loaded with every program the translator reads and translated as far as the program needs.
 */

export { formatFloat, formatFloatForLog, formatInt, toExponential, toExponentialShortest, toFixed, toPrecision } from "./numbers-format.js";
export { parseFloatPrefix, parseIntRadix, stringToNumber } from "./numbers-parse.js";
export { formatRadix } from "./strings-radix.js";
export { mathRandom } from "./math-random.js";
export { reduceOfEmptyArray } from "./arrays.js";
export { floatMod, mathAtan, mathAtan2, mathCos, mathExp, mathLog, mathLog10, mathLog2, mathPow, mathSin, mathTan, toInt32Large } from "./math-fdlibm.js";
export {
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
