# passes: inline, dce
# run: 6
# A callee without result (Void) is inlined with its effects: its stores happen in the caller.
struct box gc { value: Signed }
prebuilt <b>: box = {}
graph f(a: Signed) -> Signed
block0(a: Signed):
  v: Void = direct_call(<fn store>, a)
  r: Signed = getfield(<b>, "value")
  return r
graph store(x: Signed) -> Void
block0(x: Signed):
  d = int_mul(x, 2)
  setfield(<b>, "value", d)
  return void
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  d_1: Signed = int_mul(a_0, 2)
  v_2: Void = setfield(<b>, "value", d_1)
  r_3: Signed = getfield(<b>, "value")
  return r_3
graph store(x_0: Signed) -> Void
block0(x_0: Signed):
  d_1: Signed = int_mul(x_0, 2)
  v_2: Void = setfield(<b>, "value", d_1)
  return void
