# passes: constfold, dce
# run: 0
# Comparisons, conversions and bit operations of constants fold as the LL interpreter computes
# them (32-bit JavaScript shifts, sign of the remainder, wrapping), and dead code removal then
# drops the blocks that became one path.
graph f(a: Signed) -> Signed
block0(a: Signed):
  m = int_mod(-7, 2)  @1:1
  sh = int32_lshift(1, 31)
  w = int_to_int32(4294967297)
  ch = cast_int_to_char(66)
  lt = char_lt(ch, 67)
  x = int_between(-3, m, 3)
  t = bool_and(lt, x)
  if t then yes(m, sh, w) else no(a)
yes(m: Signed, sh: Signed, w: Signed):
  s = int_add(m, sh)
  r = int_add(s, w)
  return r
no(a: Signed):
  return a
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  return -2147483648
