// A switch whose cases are not all constants: each case is evaluated only when the cases before
// it did not match.

export function classify(x: number, low: number, high: number): string {
  switch (x) {
    case low:
      return "low";
    case high:
    case low + high:
      return "high or sum";
    default:
      return "other";
  }
}
/* ==== graph
graph switch-computed.classify(x, low, high)  @4:8
block0(x_0, low_1, high_2):
  matches_3 = eq(x_0, low_1)  @6:10
  if matches_3 then return "low" else block1(low_1, high_2, x_0)
block1(low_4, high_5, tmp_6):
  matches_7 = eq(tmp_6, high_5)  @8:10
  if matches_7 then return "high or sum" else block2(low_4, high_5, tmp_6)
block2(low_8, high_9, tmp_10):
  v_11 = add(low_8, high_9)  @9:10
  matches_12 = eq(tmp_10, v_11)  @9:10
  if matches_12 then return "high or sum" else return "other"
*/
