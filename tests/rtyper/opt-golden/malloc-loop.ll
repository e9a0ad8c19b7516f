# passes: mallocremoval, dce
# run: 0; 5
# Objects of one struct made before a loop and in it meet on the loop's links: each variable of
# the lifetime becomes its fields, through every block.
struct acc gc { total: Signed }
graph f(n: Signed) -> Signed
block0(n: Signed):
  a: Ptr(acc) = malloc(acc)
  goto loop(a, n)
loop(a: Ptr(acc), i: Signed):
  more = int_gt(i, 0)
  if more then body(a, i) else done(a)
body(a: Ptr(acc), i: Signed):
  t: Signed = getfield(a, "total")
  t2 = int_add(t, i)
  b: Ptr(acc) = malloc(acc)
  setfield(b, "total", t2)
  k = int_sub(i, 1)
  goto loop(b, k)
done(a: Ptr(acc)):
  r: Signed = getfield(a, "total")
  return r
==== optimized
graph f(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(0, n_0)
block1(a_total_1: Signed, i_2: Signed):
  more_3: Bool = int_gt(i_2, 0)
  if more_3 then block2(a_total_1, i_2) else return a_total_1
block2(a_total_4: Signed, i_5: Signed):
  t2_6: Signed = int_add(a_total_4, i_5)
  k_7: Signed = int_sub(i_5, 1)
  goto block1(t2_6, k_7)
