export function total(items: number[]): number {
  let sum = 0;
  for (const item of items) sum += item;
  return sum;
}

export function pairs(map: Map<string, number>): string {
  let out = "";
  for (const [key, value] of map) {
    out += `${key}=${value};`;
  }
  return out;
}

export function letters(s: string): number {
  let vowels = 0;
  for (const c of s) {
    if (c === "a" || c === "e") vowels++;
  }
  return vowels;
}
/* ==== graph
graph for-of.total(items)  @1:8
block0(items_0):
  iter_1 = iter(items_0)  @3:22
  goto block1(0, iter_1)
block1(sum_2, iter_3):
  done_4 = iter_done(iter_3)  @3:3
  more_5 = not(done_4)  @3:3
  if more_5 then block2(sum_2, iter_3) else return sum_2
block2(sum_6, iter_7):
  item_8 = iter_next(iter_7)  @3:8
  v_9 = add(sum_6, item_8)  @3:29
  goto block1(v_9, iter_7)
graph for-of.pairs(map)  @7:8
block0(map_0):
  iter_1 = iter(map_0)  @9:30
  goto block1("", iter_1)
block1(out_2, iter_3):
  done_4 = iter_done(iter_3)  @9:3
  more_5 = not(done_4)  @9:3
  if more_5 then block2(out_2, iter_3) else return out_2
block2(out_6, iter_7):
  item_8 = iter_next(iter_7)  @9:8
  key_9 = getitem(item_8, 0)  @9:15
  value_10 = getitem(item_8, 1)  @9:20
  str_11 = to_string(key_9)  @10:15
  str_12 = add("", str_11)  @10:12
  str_13 = add(str_12, "=")  @10:12
  str_14 = to_string(value_10)  @10:22
  str_15 = add(str_13, str_14)  @10:12
  str_16 = add(str_15, ";")  @10:12
  v_17 = add(out_6, str_16)  @10:5
  goto block1(v_17, iter_7)
graph for-of.letters(s)  @15:8
block0(s_0):
  iter_1 = iter(s_0)  @17:19
  goto block1(0, iter_1)
block1(vowels_2, iter_3):
  done_4 = iter_done(iter_3)  @17:3
  more_5 = not(done_4)  @17:3
  if more_5 then block2(vowels_2, iter_3) else return vowels_2
block2(vowels_6, iter_7):
  item_8 = iter_next(iter_7)  @17:8
  v_9 = eq(item_8, "a")  @18:9
  if v_9 then block4(vowels_6, iter_7) else block3(vowels_6, iter_7, item_8)
block3(vowels_10, iter_11, c_12):
  v_13 = eq(c_12, "e")  @18:22
  if v_13 then block4(vowels_10, iter_11) else block1(vowels_10, iter_11)
block4(vowels_14, iter_15):
  old_16 = pos(vowels_14)  @18:33
  v_17 = add(old_16, 1)  @18:33
  goto block1(v_17, iter_15)
*/
