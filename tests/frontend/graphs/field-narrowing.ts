// A field path tested not to be empty reads as `path!` (the operation non_null) until the variable
// it starts from is assigned or a field of that name is set; a loop keeps only the facts that
// nothing in it can undo.

class Cursor {
  current: Cursor | null = null;
  depth = 0;
}

export function walk(c: Cursor): number {
  if (c.current === null) return 0;
  let d = c.current.depth;
  while (c.current !== null) {
    d += c.current.depth;
    c.current = c.current.current;
  }
  return d;
}
/* ==== graph
graph Cursor.constructor(this)  @5:1
block0(this_0):
  v_1 = setattr(this_0, "current", null)  @6:3
  v_2 = setattr(this_0, "depth", 0)  @7:3
  return undefined
graph field-narrowing.walk(c)  @10:8
block0(c_0):
  current_1 = getattr(c_0, "current")  @11:7
  v_2 = eq(current_1, null)  @11:7
  if v_2 then return 0 else block1(c_0)
block1(c_3):
  current_4 = getattr(c_3, "current")  @12:11
  current_5 = non_null(current_4)  @12:11
  depth_6 = getattr(current_5, "depth")  @12:11
  goto block2(c_3, depth_6)
block2(c_7, d_8):
  current_9 = getattr(c_7, "current")  @13:10
  v_10 = ne(current_9, null)  @13:10
  if v_10 then block3(c_7, d_8) else return d_8
block3(c_11, d_12):
  current_13 = getattr(c_11, "current")  @14:10
  current_14 = non_null(current_13)  @14:10
  depth_15 = getattr(current_14, "depth")  @14:10
  v_16 = add(d_12, depth_15)  @14:5
  current_17 = getattr(c_11, "current")  @15:17
  current_18 = non_null(current_17)  @15:17
  current_19 = getattr(current_18, "current")  @15:17
  v_20 = setattr(c_11, "current", current_19)  @15:5
  goto block2(c_11, v_16)
*/
