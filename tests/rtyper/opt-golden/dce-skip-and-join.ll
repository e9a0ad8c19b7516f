# passes: dce
# run: 2; 20
# A block without operations that only jumps on is skipped, and a block with one way in joins
# the block before it: the chain becomes one block per path.
graph f(a: Signed) -> Signed
block0(a: Signed):
  b = int_add(a, 1)
  goto middle(b)
middle(x: Signed):
  goto last(x)
last(y: Signed):
  c = int_lt(y, 10)
  if c then empty(y) else big(y)
empty(z: Signed):
  goto done(z)
big(w: Signed):
  d = int_mul(w, 2)
  goto done(d)
done(r: Signed):
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  b_1: Signed = int_add(a_0, 1)
  c_2: Bool = int_lt(b_1, 10)
  if c_2 then return b_1 else block1(b_1)
block1(w_3: Signed):
  d_4: Signed = int_mul(w_3, 2)
  return d_4
