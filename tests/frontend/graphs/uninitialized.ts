export function f(c: boolean): number {
  let x: number;
  if (c) x = 1;
  return x!;
}
/* ==== graph
graph uninitialized.f(c)  @1:8
block0(c_0):
  cond_1 = truthy(c_0)  @3:7
  if cond_1 then block1(1) else block1(undefined)
block1(x_2):
  x_3 = non_null(x_2)  @4:10
  return x_3
*/
