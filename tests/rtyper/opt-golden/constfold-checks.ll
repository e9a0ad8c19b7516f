# passes: constfold
# run: 2
# A bounds check that passes and a division by a non-zero constant fold; a bounds check that
# fails and a division by zero stay (they stop the program when reached).
graph f(a: Signed) -> Signed
block0(a: Signed):
  check_index(1, 5)  @1:1
  check_index(5, 5)  @2:1
  q = int_floordiv(7, 2)  @3:1
  m = int_mod(7, 0)  @4:1
  s = int_add(q, m)
  r = int_add(s, a)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  v_1: Void = check_index(5, 5)  @2:1
  m_2: Signed = int_mod(7, 0)  @4:1
  s_3: Signed = int_add(3, m_2)
  r_4: Signed = int_add(s_3, a_0)
  return r_4
