# passes: dce
# run: 3; 0
# A block that jumps to itself is not joined with itself, and a loop's empty exit block is
# skipped: links into it go where it goes.
graph f(n: Signed) -> Signed
block0(n: Signed):
  goto loop(n, 1)
loop(i: Signed, acc: Signed):
  more = int_gt(i, 0)
  a = int_mul(acc, 2)
  k = int_sub(i, 1)
  if more then loop(k, a) else out(acc)
out(r: Signed):
  goto done(r)
done(r: Signed):
  return r
==== optimized
graph f(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(n_0, 1)
block1(i_1: Signed, acc_2: Signed):
  more_3: Bool = int_gt(i_1, 0)
  a_4: Signed = int_mul(acc_2, 2)
  k_5: Signed = int_sub(i_1, 1)
  if more_3 then block1(k_5, a_4) else return acc_2
