/**
 * `rts/testing`: what an interpreter's tests use to run it under the JIT untranslated and check
 * the traces (meta-interp.ts).
 */
export { JitCheckError, MetaInterpRun, TEST_PARAMS, loadInterpreter, metaInterp, type MetaInterpParams } from "./meta-interp.js";
