# passes: mallocremoval, constfold, dce
# run: 3 4
# An object that never leaves the function is replaced by one variable per field: setfield sets
# the variable, getfield reads it, fields never set are zero.
struct point gc { x: Signed, y: Signed, z: Signed }
graph f(a: Signed, b: Signed) -> Signed
block0(a: Signed, b: Signed):
  p: Ptr(point) = malloc(point)
  setfield(p, "x", a)
  setfield(p, "y", b)
  x: Signed = getfield(p, "x")
  y: Signed = getfield(p, "y")
  z: Signed = getfield(p, "z")
  s = int_add(x, y)
  r = int_add(s, z)
  return r
==== optimized
graph f(a_0: Signed, b_1: Signed) -> Signed
block0(a_0: Signed, b_1: Signed):
  s_2: Signed = int_add(a_0, b_1)
  r_3: Signed = int_add(s_2, 0)
  return r_3
