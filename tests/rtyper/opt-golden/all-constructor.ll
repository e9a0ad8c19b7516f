# passes: all
# run: 2 3
# The whole pipeline: the constructor and the method are inlined, the object they build is then
# replaced by its fields, and folding and dead code removal leave the arithmetic.
struct vec gc { x: Signed, y: Signed }
graph length2(a: Signed, b: Signed) -> Signed
block0(a: Signed, b: Signed):
  v: Ptr(vec) = malloc(vec)
  init: Void = direct_call(<fn vec.init>, v, a, b)
  r: Signed = direct_call(<fn vec.norm2>, v)
  return r
graph vec.init(self: Ptr(vec), x: Signed, y: Signed) -> Void
block0(self: Ptr(vec), x: Signed, y: Signed):
  setfield(self, "x", x)
  setfield(self, "y", y)
  return void
graph vec.norm2(self: Ptr(vec)) -> Signed
block0(self: Ptr(vec)):
  x: Signed = getfield(self, "x")
  y: Signed = getfield(self, "y")
  xx = int_mul_ovf(x, x)  @4:10
  yy = int_mul_ovf(y, y)  @4:16
  r = int_add_ovf(xx, yy)  @4:10
  return r
==== optimized
graph length2(a_0: Signed, b_1: Signed) -> Signed
block0(a_0: Signed, b_1: Signed):
  xx_2: Signed = int_mul_ovf(a_0, a_0)  @4:10
  yy_3: Signed = int_mul_ovf(b_1, b_1)  @4:16
  r_4: Signed = int_add_ovf(xx_2, yy_3)  @4:10
  return r_4
graph vec.init(self_0: Ptr(vec), x_1: Signed, y_2: Signed) -> Void
block0(self_0: Ptr(vec), x_1: Signed, y_2: Signed):
  v_3: Void = setfield(self_0, "x", x_1)
  v_4: Void = setfield(self_0, "y", y_2)
  return void
graph vec.norm2(self_0: Ptr(vec)) -> Signed
block0(self_0: Ptr(vec)):
  x_1: Signed = getfield(self_0, "x")
  y_2: Signed = getfield(self_0, "y")
  xx_3: Signed = int_mul_ovf(x_1, x_1)  @4:10
  yy_4: Signed = int_mul_ovf(y_2, y_2)  @4:16
  r_5: Signed = int_add_ovf(xx_3, yy_4)  @4:10
  return r_5
