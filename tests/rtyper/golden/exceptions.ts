// A call that may raise ends its block with an exception exit before the exception transform.

class ParseError extends Error {}

function parseDigit(c: number): number {
  if (c < 48 || c > 57) throw new ParseError("not a digit");
  return c - 48;
}

function example(text: string): number {
  try {
    return parseDigit(text.charCodeAt(0));
  } catch (e) {
    if (e instanceof ParseError) return -1;
    throw e;
  }
}

export function main(argv: string[]): number {
  return example(argv[0]!);
}
/* ==== lltype
graph example(text_0: Ptr(STR)) -> Signed
block0(text_0: Ptr(STR)):
  length_1: Signed = getinteriorarraysize(text_0, "chars")  @12:23
  v_2: Void = check_index(0, length_1)  @12:23
  c_3: Char = getinteriorfield(text_0, "chars", 0)  @12:23
  result_4: Signed = cast_char_to_int(c_3)  @12:23
  ok -> block1(result_4)
  catch caught_5 -> block2(caught_5)
block1(tmp_6: Signed):
  result_7: Signed = direct_call(<fn parseDigit>, tmp_6)  @12:12
  ok -> return result_7
  catch caught_8 -> block2(caught_8)
block2(caught_9: Ptr(inst_Error)):
  obj_10: Ptr(object) = cast_pointer(Ptr(object), caught_9)  @14:9
  vtable_11: Ptr(object_vtable) = getfield(obj_10, "typeptr")  @14:9
  id_12: Signed = getfield(vtable_11, "subclassrange_min")  @14:9
  v_13: Bool = int_between(1, id_12, 2)  @14:9
  if v_13 then return -1 else block3(caught_9)
block3(caught_14: Ptr(inst_Error)):
  exc_15: Ptr(object) = cast_pointer(Ptr(object), caught_14)
  raise exc_15
*/
