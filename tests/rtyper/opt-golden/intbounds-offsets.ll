# passes: intbounds
# run: 5 10; 0 999; -3 20; 999 999; 20 5000; 9007199254740990 -1; 9007199254740991 5000; 7 5000
# What a check or a branch learns of a variable holds, shifted, of the variables of its block
# that differ from it by a constant. `i1 = i + 1` is computed before the index check of i (as
# `code[ip++]` does) and stays checked, but the check bounds i1 as well, so i1 + 1 is plain; the
# branch on i2 bounds i from above on its links (i <= 97 on one, 98 <= i <= 998 on the other),
# so i + 5 and i - 5 are plain, and i + (2^53 - 2) stays checked. Where n is not bounded,
# the check says i < 2^53: i1 + 1 may pass 2^53 and stays checked.
graph f(i: Signed, n: Signed) -> Signed
block0(i: Signed, n: Signed):
  small = int_lt(n, 1000)
  if small then check(i, n) else unbounded(i)
check(i: Signed, n: Signed):
  i1 = int_add_ovf(i, 1)
  v = check_index(i, n)
  i2 = int_add_ovf(i1, 1)
  ok = int_lt(i2, 100)
  if ok then below(i) else above(i)
below(i: Signed):
  r = int_add_ovf(i, 5)
  s = int_sub_ovf(i, 5)
  t = int_add_ovf(r, s)
  return t
above(i: Signed):
  w = int_add_ovf(i, 9007199254740990)
  return w
# i below 2^53 (a variable is at most 2^53, and i passed the check against n): i + 1 is at
# most 2^53, and i + 2 may pass it (stays checked).
unbounded(i: Signed):
  j = int_add_ovf(i, 1)
  v = check_index(i, 9007199254740992)
  k = int_add_ovf(j, 1)
  return k
==== optimized
graph f(i_0: Signed, n_1: Signed) -> Signed
block0(i_0: Signed, n_1: Signed):
  small_2: Bool = int_lt(n_1, 1000)
  if small_2 then block2(i_0, n_1) else block1(i_0)
block1(i_3: Signed):
  j_4: Signed = int_add_ovf(i_3, 1)
  v_5: Void = check_index(i_3, 9007199254740992)
  k_6: Signed = int_add_ovf(j_4, 1)
  return k_6
block2(i_7: Signed, n_8: Signed):
  i1_9: Signed = int_add_ovf(i_7, 1)
  v_10: Void = check_index(i_7, n_8)
  i2_11: Signed = int_add(i1_9, 1)
  ok_12: Bool = int_lt(i2_11, 100)
  if ok_12 then block4(i_7) else block3(i_7)
block3(i_13: Signed):
  w_14: Signed = int_add_ovf(i_13, 9007199254740990)
  return w_14
block4(i_15: Signed):
  r_16: Signed = int_add(i_15, 5)
  s_17: Signed = int_sub(i_15, 5)
  t_18: Signed = int_add(r_16, s_17)
  return t_18
