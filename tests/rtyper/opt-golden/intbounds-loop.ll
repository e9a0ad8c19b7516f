# passes: intbounds
# run: 5; 0; -3
# A counter tested against a bound before it is incremented cannot overflow (i < n, and n is an
# exact integer, so i + 1 <= 2^53); one counted down from an unknown start can (k - 1 stays
# checked), unless a test bounds it from below first (j > 0 on the true link: j - 1 is plain, but
# j - 1 + 2 may pass 2^53); an accumulator stays checked.
graph f(n: Signed) -> Signed
block0(n: Signed):
  goto loop(n, 0, n, 0)
loop(n: Signed, i: Signed, k: Signed, acc: Signed):
  more = int_lt(i, n)
  if more then body(n, i, k, acc) else done(k, acc)
body(n: Signed, i: Signed, k: Signed, acc: Signed):
  i2 = int_add_ovf(i, 1)
  k2 = int_sub_ovf(k, 1)
  a = int_add_ovf(acc, k2)
  goto loop(n, i2, k2, a)
done(j: Signed, acc: Signed):
  positive = int_gt(j, 0)
  if positive then down(j, acc) else return acc
down(j: Signed, acc: Signed):
  j2 = int_sub_ovf(j, 1)
  r = int_add_ovf(j2, 2)
  return r
==== optimized
graph f(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(n_0, 0, n_0, 0)
block1(n_1: Signed, i_2: Signed, k_3: Signed, acc_4: Signed):
  more_5: Bool = int_lt(i_2, n_1)
  if more_5 then block4(n_1, i_2, k_3, acc_4) else block2(k_3, acc_4)
block2(j_6: Signed, acc_7: Signed):
  positive_8: Bool = int_gt(j_6, 0)
  if positive_8 then block3(j_6, acc_7) else return acc_7
block3(j_9: Signed, acc_10: Signed):
  j2_11: Signed = int_sub(j_9, 1)
  r_12: Signed = int_add_ovf(j2_11, 2)
  return r_12
block4(n_13: Signed, i_14: Signed, k_15: Signed, acc_16: Signed):
  i2_17: Signed = int_add(i_14, 1)
  k2_18: Signed = int_sub_ovf(k_15, 1)
  a_19: Signed = int_add_ovf(acc_16, k2_18)
  goto block1(n_13, i2_17, k2_18, a_19)
