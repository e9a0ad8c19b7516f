# passes: mallocremoval, constfold, dce
# run: 1
# An object compared with itself stays (the comparison's answer is known only for an object
# compared with what is outside its lifetime).
struct cell gc { v: Signed }
prebuilt <other>: cell = { v: 9 }
graph f(a: Signed) -> Signed
block0(a: Signed):
  c: Ptr(cell) = malloc(cell)
  setfield(c, "v", a)
  same = ptr_eq(c, c)
  diff = ptr_eq(c, <other>)
  s = cast_bool_to_int(same)
  d = cast_bool_to_int(diff)
  v: Signed = getfield(c, "v")
  t = int_add(s, d)
  r = int_add(t, v)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  c_1: Ptr(cell) = malloc(cell)
  v_2: Void = setfield(c_1, "v", a_0)
  same_3: Bool = ptr_eq(c_1, c_1)
  diff_4: Bool = ptr_eq(c_1, <other>)
  s_5: Signed = cast_bool_to_int(same_3)
  d_6: Signed = cast_bool_to_int(diff_4)
  v_7: Signed = getfield(c_1, "v")
  t_8: Signed = int_add(s_5, d_6)
  r_9: Signed = int_add(t_8, v_7)
  return r_9
