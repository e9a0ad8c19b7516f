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
  goto block1(result_4)
block1(tmp_5: Signed):
  result_6: Signed = direct_call(<fn parseDigit>, tmp_5)  @12:12
  ok -> return result_6
  catch caught_7 -> block2(caught_7)
block2(caught_8: Ptr(inst_Error)):
  obj_9: Ptr(object) = cast_pointer(Ptr(object), caught_8)  @14:9
  vtable_10: Ptr(object_vtable) = getfield(obj_9, "typeptr")  @14:9
  v_11: Bool = ptr_eq(vtable_10, <vtable_ParseError>)  @14:9
  if v_11 then return -1 else block3(caught_8)
block3(caught_12: Ptr(inst_Error)):
  exc_13: Ptr(object) = cast_pointer(Ptr(object), caught_12)
  raise exc_13
*/
