export function f(xs: number[], k: number): number[] {
  return xs.map((x) => x + k);
}
/* ==== graph
graph arrow-at-call.f(xs, k)  @1:8
block0(xs_0, k_1):
  result_2 = call_method(xs_0, "map", <arrow arrow-at-call.f.arrow@2:17>, k_1)  @2:10
  return result_2
*/
