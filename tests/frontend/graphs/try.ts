class ParseError extends Error {}

function risky(n: number): number {
  if (n > 3) throw new ParseError("too big");
  return n;
}

export function guarded(n: number): number {
  let result = 0;
  try {
    result = risky(n);
  } catch (e) {
    if (e instanceof ParseError) return -1;
    throw e;
  }
  return result;
}

export function cleanup(log: string[], n: number): number {
  try {
    if (n === 0) return 0;
    log.push("body");
    return risky(n);
  } finally {
    log.push("finally");
  }
}
/* ==== graph
graph ParseError.constructor(this, message)  @1:1
block0(this_0, message_1):
  v_2 = super_call(this_0, <class Error>, message_1)  @1:1
  return undefined
graph try.risky(n)  @3:1
block0(n_0):
  v_1 = gt(n_0, 3)  @4:7
  if v_1 then block1() else return n_0
block1():
  new_2 = new(<class ParseError>, "too big")  @4:20
  raise new_2
graph try.guarded(n)  @8:8
block0(n_0):
  result_1 = simple_call(<function risky>, n_0)  @11:14
  ok -> return result_1
  catch caught_2 -> block1(caught_2)
block1(caught_3):
  v_4 = instanceof(caught_3, <class ParseError>)  @13:9
  if v_4 then return -1 else raise caught_3
graph try.cleanup(log, n)  @19:8
block0(log_0, n_1):
  v_2 = eq(n_1, 0)  @21:9
  if v_2 then block5(log_0) else block1(log_0, n_1)
block1(log_3, n_4):
  result_5 = call_method(log_3, "push", "body")  @22:5
  ok -> block2(log_3, n_4)
  catch caught_6 -> block4(caught_6, log_3)
block2(log_7, n_8):
  result_9 = simple_call(<function risky>, n_8)  @23:12
  ok -> block3(log_7, result_9)
  catch caught_10 -> block4(caught_10, log_7)
block3(log_11, tmp_12):
  result_13 = call_method(log_11, "push", "finally")  @25:5
  return tmp_12
block4(exc_14, log_15):
  result_16 = call_method(log_15, "push", "finally")  @25:5
  raise exc_14
block5(log_17):
  result_18 = call_method(log_17, "push", "finally")  @25:5
  return 0
*/
