# passes: intbounds
# run: 5 10; 0 999; -3 20; 999 999; 20 5000
# What a check or a branch learns of a variable holds, shifted, of the variables of its block
# that differ from it by a constant. `i1 = i + 1` is computed before the index check of i (as
# `code[ip++]` does) and stays checked, but the check bounds i1 as well, so i1 + 1 is plain; the
# branch on i2 bounds i from above on its links (i <= 97 on one, 98 <= i <= 998 on the other),
# so i + 5 and i - 5 are plain, and i + (2^53 - 2) stays checked.
graph f(i: Signed, n: Signed) -> Signed
block0(i: Signed, n: Signed):
  small = int_lt(n, 1000)
  if small then check(i, n) else return 0
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
==== optimized
graph f(i_0: Signed, n_1: Signed) -> Signed
block0(i_0: Signed, n_1: Signed):
  small_2: Bool = int_lt(n_1, 1000)
  if small_2 then block1(i_0, n_1) else return 0
block1(i_3: Signed, n_4: Signed):
  i1_5: Signed = int_add_ovf(i_3, 1)
  v_6: Void = check_index(i_3, n_4)
  i2_7: Signed = int_add(i1_5, 1)
  ok_8: Bool = int_lt(i2_7, 100)
  if ok_8 then block3(i_3) else block2(i_3)
block2(i_9: Signed):
  w_10: Signed = int_add_ovf(i_9, 9007199254740990)
  return w_10
block3(i_11: Signed):
  r_12: Signed = int_add(i_11, 5)
  s_13: Signed = int_sub(i_11, 5)
  t_14: Signed = int_add(r_12, s_13)
  return t_14
