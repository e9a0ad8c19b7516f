# passes: mallocremoval
# run: 3
# Objects that escape stay: one passed to a call, one returned, one stored in another object.
struct point gc { x: Signed }
struct holder gc { p: Ptr(point) }
prebuilt <h>: holder = {}
graph f(a: Signed) -> Ptr(point)
block0(a: Signed):
  called: Ptr(point) = malloc(point)
  setfield(called, "x", a)
  n: Signed = direct_call(<fn getx>, called)
  stored: Ptr(point) = malloc(point)
  setfield(<h>, "p", stored)
  returned: Ptr(point) = malloc(point)
  setfield(returned, "x", n)
  return returned
graph getx(p: Ptr(point)) -> Signed
block0(p: Ptr(point)):
  x: Signed = getfield(p, "x")
  return x
==== optimized
graph f(a_0: Signed) -> Ptr(point)
block0(a_0: Signed):
  called_1: Ptr(point) = malloc(point)
  v_2: Void = setfield(called_1, "x", a_0)
  n_3: Signed = direct_call(<fn getx>, called_1)
  stored_4: Ptr(point) = malloc(point)
  v_5: Void = setfield(<h>, "p", stored_4)
  returned_6: Ptr(point) = malloc(point)
  v_7: Void = setfield(returned_6, "x", n_3)
  return returned_6
graph getx(p_0: Ptr(point)) -> Signed
block0(p_0: Ptr(point)):
  x_1: Signed = getfield(p_0, "x")
  return x_1
