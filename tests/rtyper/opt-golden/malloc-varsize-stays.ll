# passes: mallocremoval
# run: 2
# Variable-sized arrays are not replaced (only structs allocated by malloc are), even when they
# never escape.
array ints gc of Signed
graph f(a: Signed) -> Signed
block0(a: Signed):
  xs: Ptr(ints) = malloc_varsize(ints, 2)
  setarrayitem(xs, 0, a)
  x: Signed = getarrayitem(xs, 0)
  return x
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  xs_1: Ptr(ints) = malloc_varsize(ints, 2)
  v_2: Void = setarrayitem(xs_1, 0, a_0)
  x_3: Signed = getarrayitem(xs_1, 0)
  return x_3
