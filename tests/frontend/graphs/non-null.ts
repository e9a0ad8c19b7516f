// `x!` becomes the operation non_null, which the annotator knows; `!==` is not an assertion.

export function top(stack: number[], fallback: number): number {
  if (stack.length !== 0) return stack.pop()! + fallback;
  return fallback!;
}
/* ==== graph
graph non-null.top(stack, fallback)  @3:8
block0(stack_0, fallback_1):
  length_2 = getattr(stack_0, "length")  @4:7
  v_3 = ne(length_2, 0)  @4:7
  if v_3 then block2(stack_0, fallback_1) else block1(fallback_1)
block1(fallback_4):
  fallback_5 = non_null(fallback_4)  @5:10
  return fallback_5
block2(stack_6, fallback_7):
  result_8 = call_method(stack_6, "pop")  @4:34
  result_9 = non_null(result_8)  @4:34
  v_10 = add(result_9, fallback_7)  @4:34
  return v_10
*/
