# passes: dce
# run: 3
# A call is kept even when its result is unused (its callee may have effects); the values it
# needs are kept with it.
graph f(a: Signed) -> Signed
block0(a: Signed):
  t = int_mul(a, 2)
  unused: Signed = direct_call(<fn g>, t)
  return a
graph g(x: Signed) -> Signed
block0(x: Signed):
  y = int_add(x, 1)
  return y
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  t_1: Signed = int_mul(a_0, 2)
  unused_2: Signed = direct_call(<fn g>, t_1)
  return a_0
graph g(x_0: Signed) -> Signed
block0(x_0: Signed):
  y_1: Signed = int_add(x_0, 1)
  return y_1
