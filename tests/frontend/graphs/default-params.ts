export function greet(name: string, greeting: string = "hello", times?: number): string {
  return `${greeting}, ${name} x${times ?? 1}`;
}
/* ==== graph
graph default-params.greet(name, greeting, times)  @1:8
block0(name_0, greeting_1, times_2):
  missing_3 = eq(greeting_1, undefined)  @1:37
  if missing_3 then block1(name_0, "hello", times_2) else block1(name_0, greeting_1, times_2)
block1(name_4, greeting_5, times_6):
  str_7 = to_string(greeting_5)  @2:13
  str_8 = add("", str_7)  @2:10
  str_9 = add(str_8, ", ")  @2:10
  str_10 = to_string(name_4)  @2:26
  str_11 = add(str_9, str_10)  @2:10
  str_12 = add(str_11, " x")  @2:10
  present_13 = loose_ne(times_6, null)  @2:35
  if present_13 then block2(times_6, str_12) else block2(1, str_12)
block2(nullish_14, tmp_15):
  str_16 = to_string(nullish_14)  @2:35
  str_17 = add(tmp_15, str_16)  @2:10
  return str_17
*/
