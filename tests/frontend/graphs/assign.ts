class Counter {
  count = 0;
  items: number[] = [];
}

export function update(c: Counter, i: number): number {
  c.count += 2;
  c.items[i] *= 3;
  c.count++;
  const before = c.items[i]--;
  let x = 1;
  x <<= 2;
  const y = ++x;
  return before + y;
}

export function swap(pair: [number, number]): [number, number] {
  let [a, b] = pair;
  [a, b] = [b, a];
  return [a, b];
}

export function logicalAssign(c: Counter, m: Map<string, number>): number {
  let v = m.get("k");
  v ??= 5;
  c.count ||= 7;
  return v + c.count;
}
/* ==== graph
graph Counter.constructor(this)  @1:1
block0(this_0):
  v_1 = setattr(this_0, "count", 0)  @2:3
  array_2 = newarray()  @3:21
  v_3 = setattr(this_0, "items", array_2)  @3:3
  return undefined
graph assign.update(c, i)  @6:8
block0(c_0, i_1):
  count_2 = getattr(c_0, "count")  @7:3
  v_3 = add(count_2, 2)  @7:3
  v_4 = setattr(c_0, "count", v_3)  @7:3
  items_5 = getattr(c_0, "items")  @8:3
  item_6 = getitem(items_5, i_1)  @8:3
  v_7 = mul(item_6, 3)  @8:3
  v_8 = setitem(items_5, i_1, v_7)  @8:3
  count_9 = getattr(c_0, "count")  @9:3
  old_10 = pos(count_9)  @9:3
  v_11 = add(old_10, 1)  @9:3
  v_12 = setattr(c_0, "count", v_11)  @9:3
  items_13 = getattr(c_0, "items")  @10:18
  item_14 = getitem(items_13, i_1)  @10:18
  old_15 = pos(item_14)  @10:18
  v_16 = sub(old_15, 1)  @10:18
  v_17 = setitem(items_13, i_1, v_16)  @10:18
  v_18 = lshift(1, 2)  @12:3
  old_19 = pos(v_18)  @13:13
  v_20 = add(old_19, 1)  @13:13
  v_21 = add(old_15, v_20)  @14:10
  return v_21
graph assign.swap(pair)  @17:8
block0(pair_0):
  a_1 = getitem(pair_0, 0)  @18:8
  b_2 = getitem(pair_0, 1)  @18:11
  array_3 = newarray(b_2, a_1)  @19:12
  a_4 = getitem(array_3, 0)  @19:4
  b_5 = getitem(array_3, 1)  @19:7
  array_6 = newarray(a_4, b_5)  @20:10
  return array_6
graph assign.logicalAssign(c, m)  @23:8
block0(c_0, m_1):
  result_2 = call_method(m_1, "get", "k")  @24:11
  present_3 = loose_ne(result_2, null)  @25:3
  if present_3 then block1(c_0, result_2) else block1(c_0, 5)
block1(c_4, v_5):
  count_6 = getattr(c_4, "count")  @26:3
  cond_7 = truthy(count_6)  @26:3
  if cond_7 then block3(c_4, v_5) else block2(c_4, v_5, c_4)
block2(c_8, v_9, tmp_10):
  v_11 = setattr(tmp_10, "count", 7)  @26:3
  goto block3(c_8, v_9)
block3(c_12, v_13):
  count_14 = getattr(c_12, "count")  @27:14
  v_15 = add(v_13, count_14)  @27:10
  return v_15
*/
