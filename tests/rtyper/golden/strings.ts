// Strings: length and char access inline; concatenation, comparison and formatting are helper calls.

function example(name: string, count: number): string {
  const first = name.length > 0 ? name[0]! : "?";
  const label = name + ":" + count;
  return label < "m" ? first + label : label;
}

export function main(argv: string[]): number {
  return example(argv[0]!, argv.length).length;
}
/* ==== lltype
graph example(name_0: Ptr(STR), count_1: Signed) -> Ptr(STR)
block0(name_0: Ptr(STR), count_1: Signed):
  length_2: Signed = getinteriorarraysize(name_0, "chars")  @4:17
  v_3: Bool = int_gt(length_2, 0)  @4:17
  if v_3 then block3(name_0, count_1) else block1(63, name_0, count_1)
block1(ternary_4: Char, name_5: Ptr(STR), count_6: Signed):
  v_7: Ptr(STR) = direct_call(<fn ll_strconcat>, name_5, <str ":">)  @5:17
  s_8: Ptr(STR) = direct_call(<fn formatInt>, count_6)  @5:17
  v_9: Ptr(STR) = direct_call(<fn ll_strconcat>, v_7, s_8)  @5:17
  cmp_10: Signed = direct_call(<fn ll_strcmp>, v_9, <str "m">)  @6:10
  v_11: Bool = int_lt(cmp_10, 0)  @6:10
  if v_11 then block2(ternary_4, v_9) else return v_9
block2(first_12: Char, label_13: Ptr(STR)):
  s_14: Ptr(STR) = direct_call(<fn ll_chr2str>, first_12)  @6:24
  v_15: Ptr(STR) = direct_call(<fn ll_strconcat>, s_14, label_13)  @6:24
  return v_15
block3(name_16: Ptr(STR), count_17: Signed):
  length_18: Signed = getinteriorarraysize(name_16, "chars")  @4:35
  v_19: Void = check_index(0, length_18)  @4:35
  item_20: Char = getinteriorfield(name_16, "chars", 0)  @4:35
  item_21: Char = same_as(item_20)  @4:35
  goto block1(item_21, name_16, count_17)
*/
