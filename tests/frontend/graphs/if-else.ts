export function sign(n: number): number {
  let result = 0;
  if (n > 0) {
    result = 1;
  } else if (n < 0) {
    result = -1;
  }
  return result;
}

export function early(s: string): string {
  if (s.length === 0) return "empty";
  if (!s) throw new Error("unreachable");
  return s;
}
/* ==== graph
graph if-else.sign(n)  @1:8
block0(n_0):
  v_1 = gt(n_0, 0)  @3:7
  if v_1 then return 1 else block1(n_0)
block1(n_2):
  v_3 = lt(n_2, 0)  @5:14
  if v_3 then return -1 else return 0
graph if-else.early(s)  @11:8
block0(s_0):
  length_1 = getattr(s_0, "length")  @12:7
  v_2 = eq(length_1, 0)  @12:7
  if v_2 then return "empty" else block1(s_0)
block1(s_3):
  cond_4 = truthy(s_3)  @13:8
  if cond_4 then return s_3 else block2()
block2():
  new_5 = new(<class Error>, "unreachable")  @13:17
  raise new_5
*/
