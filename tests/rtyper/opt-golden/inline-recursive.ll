# passes: inline
# run: 5
# A function of a recursive cycle is never inlined, not even into a caller outside the cycle;
# the small function beside it is.
graph main(n: Signed) -> Signed
block0(n: Signed):
  f: Signed = direct_call(<fn fact>, n)
  s: Signed = direct_call(<fn twice>, f)
  return s
graph fact(n: Signed) -> Signed
block0(n: Signed):
  small = int_le(n, 1)
  if small then return 1 else rec(n)
rec(n: Signed):
  m = int_sub(n, 1)
  f: Signed = direct_call(<fn fact>, m)
  r = int_mul(n, f)
  return r
graph twice(x: Signed) -> Signed
block0(x: Signed):
  y = int_add(x, x)
  return y
==== optimized
graph main(n_0: Signed) -> Signed
block0(n_0: Signed):
  f_1: Signed = direct_call(<fn fact>, n_0)
  goto block1(f_1)
block1(x_2: Signed):
  y_3: Signed = int_add(x_2, x_2)
  goto block2(y_3)
block2(s_4: Signed):
  return s_4
graph fact(n_0: Signed) -> Signed
block0(n_0: Signed):
  small_1: Bool = int_le(n_0, 1)
  if small_1 then return 1 else block1(n_0)
block1(n_2: Signed):
  m_3: Signed = int_sub(n_2, 1)
  f_4: Signed = direct_call(<fn fact>, m_3)
  r_5: Signed = int_mul(n_2, f_4)
  return r_5
graph twice(x_0: Signed) -> Signed
block0(x_0: Signed):
  y_1: Signed = int_add(x_0, x_0)
  return y_1
