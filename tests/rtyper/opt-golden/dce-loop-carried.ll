# passes: dce
# run: 4; 0
# A value carried around a loop and never read goes: the input arguments, the values links pass
# for them and the operation computing it (needed is computed over the whole graph).
graph f(n: Signed) -> Signed
block0(n: Signed):
  goto loop(n, 0, 0)
loop(i: Signed, acc: Signed, junk: Signed):
  more = int_gt(i, 0)
  if more then body(i, acc, junk) else return acc
body(i: Signed, acc: Signed, junk: Signed):
  j = int_mul(junk, 3)
  a = int_add(acc, i)
  k = int_sub(i, 1)
  goto loop(k, a, j)
==== optimized
graph f(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(n_0, 0)
block1(i_1: Signed, acc_2: Signed):
  more_3: Bool = int_gt(i_1, 0)
  if more_3 then block2(i_1, acc_2) else return acc_2
block2(i_4: Signed, acc_5: Signed):
  a_6: Signed = int_add(acc_5, i_4)
  k_7: Signed = int_sub(i_4, 1)
  goto block1(k_7, a_6)
