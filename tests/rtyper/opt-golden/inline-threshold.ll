# passes: inline=1
# run: 2
# Callees above the threshold stay calls: with a threshold of one operation, `one` (one
# operation; copies and casts are free) is inlined and `two` is not.
graph f(a: Signed) -> Signed
block0(a: Signed):
  x: Signed = direct_call(<fn one>, a)
  y: Signed = direct_call(<fn two>, x)
  return y
graph one(x: Signed) -> Signed
block0(x: Signed):
  c: Signed = same_as(x)
  y = int_add(c, 1)
  return y
graph two(x: Signed) -> Signed
block0(x: Signed):
  y = int_add(x, 1)
  z = int_mul(y, 2)
  return z
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  goto block1(a_0)
block1(x_1: Signed):
  c_2: Signed = same_as(x_1)
  y_3: Signed = int_add(c_2, 1)
  goto block2(y_3)
block2(x_4: Signed):
  y_5: Signed = direct_call(<fn two>, x_4)
  return y_5
graph one(x_0: Signed) -> Signed
block0(x_0: Signed):
  c_1: Signed = same_as(x_0)
  y_2: Signed = int_add(c_1, 1)
  return y_2
graph two(x_0: Signed) -> Signed
block0(x_0: Signed):
  y_1: Signed = int_add(x_0, 1)
  z_2: Signed = int_mul(y_1, 2)
  return z_2
