# passes: inline
# A function without a graph (declared with func) stays a call.
func external(Signed) -> Signed
graph f(a: Signed) -> Signed
block0(a: Signed):
  x: Signed = direct_call(<fn external>, a)
  return x
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  x_1: Signed = direct_call(<fn external>, a_0)
  return x_1
