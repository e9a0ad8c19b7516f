class Node {
  next: Node | null = null;
  value = 0;
}

export function both(a: boolean, b: boolean): boolean {
  return a && b;
}

export function pick(a: string, b: string): string {
  return a || b;
}

export function orDefault(m: Map<string, number>, k: string): number {
  return m.get(k) ?? -1;
}

export function nextValue(n: Node | null): number | undefined {
  return n?.next?.value;
}

export function choose(c: boolean, x: number, y: number): number {
  return (c ? x : y) + 1;
}

export function condition(a: number, b: number): number {
  if (a > 0 && (b > 0 || a > b)) return 1;
  return 0;
}
/* ==== graph
graph Node.constructor(this)  @1:1
block0(this_0):
  v_1 = setattr(this_0, "next", null)  @2:3
  v_2 = setattr(this_0, "value", 0)  @3:3
  return undefined
graph logical.both(a, b)  @6:8
block0(a_0, b_1):
  cond_2 = truthy(a_0)  @7:10
  if cond_2 then return b_1 else return a_0
graph logical.pick(a, b)  @10:8
block0(a_0, b_1):
  cond_2 = truthy(a_0)  @11:10
  if cond_2 then return a_0 else return b_1
graph logical.orDefault(m, k)  @14:8
block0(m_0, k_1):
  result_2 = call_method(m_0, "get", k_1)  @15:10
  present_3 = loose_ne(result_2, null)  @15:10
  if present_3 then return result_2 else return -1
graph logical.nextValue(n)  @18:8
block0(n_0):
  absent_1 = loose_eq(n_0, null)  @19:10
  if absent_1 then return undefined else block1(n_0)
block1(tmp_2):
  next_3 = getattr(tmp_2, "next")  @19:10
  absent_4 = loose_eq(next_3, null)  @19:10
  if absent_4 then return undefined else block2(next_3)
block2(tmp_5):
  value_6 = getattr(tmp_5, "value")  @19:10
  return value_6
graph logical.choose(c, x, y)  @22:8
block0(c_0, x_1, y_2):
  cond_3 = truthy(c_0)  @23:11
  if cond_3 then block1(x_1) else block1(y_2)
block1(ternary_4):
  v_5 = add(ternary_4, 1)  @23:10
  return v_5
graph logical.condition(a, b)  @26:8
block0(a_0, b_1):
  v_2 = gt(a_0, 0)  @27:7
  if v_2 then block1(a_0, b_1) else return 0
block1(a_3, b_4):
  v_5 = gt(b_4, 0)  @27:17
  if v_5 then return 1 else block2(a_3, b_4)
block2(a_6, b_7):
  v_8 = gt(a_6, b_7)  @27:26
  if v_8 then return 1 else return 0
*/
