# passes: inline
# run: 3 4
# A call of a small function becomes a copy of its blocks: the caller's values needed after the
# call are passed through the copy; the callee stays, unused.
graph sumOfSquares(a: Signed, b: Signed) -> Signed
block0(a: Signed, b: Signed):
  x: Signed = direct_call(<fn square>, a)  @7:10
  y: Signed = direct_call(<fn square>, b)  @7:22
  r = int_add_ovf(x, y)  @7:10
  return r
graph square(x: Signed) -> Signed
block0(x: Signed):
  v = int_mul_ovf(x, x)  @2:10
  return v
==== optimized
graph sumOfSquares(a_0: Signed, b_1: Signed) -> Signed
block0(a_0: Signed, b_1: Signed):
  goto block1(a_0, b_1)
block1(x_2: Signed, b_3: Signed):
  v_4: Signed = int_mul_ovf(x_2, x_2)  @2:10
  goto block2(v_4, b_3)
block2(x_5: Signed, b_6: Signed):
  goto block3(b_6, x_5)
block3(x_7: Signed, x_8: Signed):
  v_9: Signed = int_mul_ovf(x_7, x_7)  @2:10
  goto block4(v_9, x_8)
block4(y_10: Signed, x_11: Signed):
  r_12: Signed = int_add_ovf(x_11, y_10)  @7:10
  return r_12
graph square(x_0: Signed) -> Signed
block0(x_0: Signed):
  v_1: Signed = int_mul_ovf(x_0, x_0)  @2:10
  return v_1
