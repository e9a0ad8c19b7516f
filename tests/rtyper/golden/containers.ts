// Arrays, typed arrays and maps: bounds-checked item access inline, push and map lookup through
// helpers built per item type.

function example(counts: Map<string, number>, words: string[], bytes: Uint8Array): number {
  words.push("end");
  let total = 0;
  for (let i = 0; i < words.length; i++) total += counts.get(words[i]!) ?? 0;
  bytes[0] = total;
  return bytes[0]! + words.length;
}

export function main(argv: string[]): number {
  const counts = new Map<string, number>();
  counts.set("end", 2);
  return example(counts, argv, new Uint8Array(4));
}
/* ==== lltype
graph example(counts_0: Ptr(dict Map<string, int>), words_1: Ptr(list_string), bytes_2: Ptr(Uint8Array)) -> Signed
block0(counts_0: Ptr(dict Map<string, int>), words_1: Ptr(list_string), bytes_2: Ptr(Uint8Array)):
  result_3: Signed = direct_call(<fn ll_append_string>, words_1, <str "end">)  @5:9
  goto block1(counts_0, words_1, bytes_2, 0, 0)
block1(counts_4: Ptr(dict Map<string, int>), words_5: Ptr(list_string), bytes_6: Ptr(Uint8Array), total_7: Signed, i_8: Signed):
  length_9: Signed = getfield(words_5, "length")  @7:23
  v_10: Bool = int_lt(i_8, length_9)  @7:19
  if v_10 then block3(counts_4, words_5, bytes_6, total_7, i_8) else block2(words_5, bytes_6, total_7)
block2(words_11: Ptr(list_string), bytes_12: Ptr(Uint8Array), total_13: Signed):
  length_14: Signed = getarraylength(bytes_12)  @8:3
  v_15: Void = check_index(0, length_14)  @8:3
  v_16: Void = setarrayitem(bytes_12, 0, total_13)  @8:3
  length_17: Signed = getarraylength(bytes_12)  @9:10
  v_18: Void = check_index(0, length_17)  @9:10
  item_19: Signed = getarrayitem(bytes_12, 0)  @9:10
  item_20: Signed = same_as(item_19)  @9:10
  length_21: Signed = getfield(words_11, "length")  @9:22
  v_22: Signed = int_add_ovf(item_20, length_21)  @9:10
  return v_22
block3(counts_23: Ptr(dict Map<string, int>), words_24: Ptr(list_string), bytes_25: Ptr(Uint8Array), total_26: Signed, i_27: Signed):
  length_28: Signed = getfield(words_24, "length")  @7:62
  v_29: Void = check_index(i_27, length_28)  @7:62
  items_30: Ptr(items_string) = getfield(words_24, "items")  @7:62
  item_31: Ptr(STR) = getarrayitem(items_30, i_27)  @7:62
  item_32: Ptr(STR) = same_as(item_31)  @7:62
  result_33: Signed = direct_call(<fn ll_map_get Map<string, int>>, counts_23, item_32)  @7:58
  isnull_34: Bool = int_eq(result_33, 1152921504606846976)  @7:51
  present_35: Bool = bool_not(isnull_34)  @7:51
  if present_35 then block4(result_33, counts_23, words_24, bytes_25, i_27, total_26) else block4(0, counts_23, words_24, bytes_25, i_27, total_26)
block4(nullish_36: Signed, counts_37: Ptr(dict Map<string, int>), words_38: Ptr(list_string), bytes_39: Ptr(Uint8Array), i_40: Signed, tmp_41: Signed):
  v_42: Signed = int_add_ovf(tmp_41, nullish_36)  @7:42
  old_43: Signed = same_as(i_40)  @7:37
  v_44: Signed = int_add_ovf(old_43, 1)  @7:37
  goto block1(counts_37, words_38, bytes_39, v_42, v_44)
*/
