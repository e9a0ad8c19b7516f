# passes: constfold
# run: 0
# Operations over pointers fold only as identity tests: a null test of null and a comparison of
# two nulls fold, and so does the branch on them; a cast of a constant propagates.
struct node gc { value: Signed }
graph f(a: Signed) -> Signed
block0(a: Signed):
  z = ptr_iszero(null: Ptr(node))
  nz = ptr_nonzero(null: Ptr(node))
  same = ptr_eq(null: Ptr(node), null)
  both = bool_and(z, same)
  neither = bool_or(nz, false)
  ok = bool_and(both, true)
  if ok then yes(a, neither) else return -1
yes(x: Signed, n: Bool):
  k = cast_bool_to_int(n)
  r = int_add(x, k)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  goto block1(a_0)
block1(x_1: Signed):
  r_2: Signed = int_add(x_1, 0)
  return r_2
