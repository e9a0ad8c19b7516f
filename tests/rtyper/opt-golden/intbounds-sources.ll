# passes: intbounds
# run: 3; 70000
# Bounds from where values come: a code unit (0..65535) and an index that passed check_index
# (0..length-1) add without overflow; a wrapping product holds any 64-bit value and its sum
# stays checked; a remainder by 10 is within -9..9.
graph f(x: Signed) -> Signed
block0(x: Signed):
  c = cast_int_to_char(x)
  code = cast_char_to_int(c)
  a = int_add_ovf(code, 1)
  w = int_mul(x, x)
  b = int_add_ovf(w, 1)
  m = int_mod(x, 10)
  d = int_mul_ovf(m, 1000)
  s = int_add_ovf(a, d)
  t = int_sub_ovf(s, b)
  check_index(x, 100000)
  u = int_add_ovf(x, 5)
  r = int_add_ovf(t, u)
  return r
==== optimized
graph f(x_0: Signed) -> Signed
block0(x_0: Signed):
  c_1: Char = cast_int_to_char(x_0)
  code_2: Signed = cast_char_to_int(c_1)
  a_3: Signed = int_add(code_2, 1)
  w_4: Signed = int_mul(x_0, x_0)
  b_5: Signed = int_add_ovf(w_4, 1)
  m_6: Signed = int_mod(x_0, 10)
  d_7: Signed = int_mul(m_6, 1000)
  s_8: Signed = int_add(a_3, d_7)
  t_9: Signed = int_sub_ovf(s_8, b_5)
  v_10: Void = check_index(x_0, 100000)
  u_11: Signed = int_add(x_0, 5)
  r_12: Signed = int_add_ovf(t_9, u_11)
  return r_12
