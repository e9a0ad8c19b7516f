# passes: inline
# run: 3
# JIT hints speak for whole functions, so inlining keeps them true: a hinted callee is copied
# only into a caller holding its hints (elid and dli stay calls in f; elid2 is copied into the
# elidable e), an unhinted one anywhere (plain), except that an unrollSafe caller takes a callee
# with a loop only if it is unrollSafe too (looper stays a call in u, sum is copied).
graph f(a: Signed) -> Signed
block0(a: Signed):
  x: Signed = direct_call(<fn elid>, a)
  y: Signed = direct_call(<fn dli>, x)
  z: Signed = direct_call(<fn plain>, y)
  w: Signed = direct_call(<fn e>, z)
  r: Signed = direct_call(<fn u>, w)
  return r
graph elid(n: Signed) -> Signed jit[elidable]
block0(n: Signed):
  m = int_add(n, 1)
  return m
graph elid2(n: Signed) -> Signed jit[dontLookInside, elidable]
block0(n: Signed):
  m = int_mul(n, 2)
  return m
graph dli(n: Signed) -> Signed jit[dontLookInside]
block0(n: Signed):
  m = int_add(n, 2)
  return m
graph plain(n: Signed) -> Signed
block0(n: Signed):
  m = int_add(n, 3)
  return m
graph e(n: Signed) -> Signed jit[elidable, dontLookInside]
block0(n: Signed):
  p: Signed = direct_call(<fn plain>, n)
  q: Signed = direct_call(<fn elid2>, p)
  return q
graph looper(n: Signed) -> Signed
block0(n: Signed):
  goto head(n, 0)
head(i: Signed, acc: Signed):
  more = int_gt(i, 0)
  if more then body(i, acc) else done(acc)
body(i: Signed, acc: Signed):
  acc2 = int_add(acc, i)
  i2 = int_sub(i, 1)
  goto head(i2, acc2)
done(acc: Signed):
  return acc
graph sum(n: Signed) -> Signed jit[unrollSafe]
block0(n: Signed):
  goto head(n, 0)
head(i: Signed, acc: Signed):
  more = int_gt(i, 0)
  if more then body(i, acc) else done(acc)
body(i: Signed, acc: Signed):
  acc2 = int_add(acc, i)
  i2 = int_sub(i, 1)
  goto head(i2, acc2)
done(acc: Signed):
  return acc
graph u(n: Signed) -> Signed jit[unrollSafe]
block0(n: Signed):
  p: Signed = direct_call(<fn looper>, n)
  q: Signed = direct_call(<fn sum>, p)
  r: Signed = direct_call(<fn plain>, q)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  x_1: Signed = direct_call(<fn elid>, a_0)
  y_2: Signed = direct_call(<fn dli>, x_1)
  goto block1(y_2)
block1(n_3: Signed):
  m_4: Signed = int_add(n_3, 3)
  goto block2(m_4)
block2(z_5: Signed):
  w_6: Signed = direct_call(<fn e>, z_5)
  r_7: Signed = direct_call(<fn u>, w_6)
  return r_7
graph elid(n_0: Signed) -> Signed jit[elidable]
block0(n_0: Signed):
  m_1: Signed = int_add(n_0, 1)
  return m_1
graph elid2(n_0: Signed) -> Signed jit[dontLookInside, elidable]
block0(n_0: Signed):
  m_1: Signed = int_mul(n_0, 2)
  return m_1
graph dli(n_0: Signed) -> Signed jit[dontLookInside]
block0(n_0: Signed):
  m_1: Signed = int_add(n_0, 2)
  return m_1
graph plain(n_0: Signed) -> Signed
block0(n_0: Signed):
  m_1: Signed = int_add(n_0, 3)
  return m_1
graph e(n_0: Signed) -> Signed jit[elidable, dontLookInside]
block0(n_0: Signed):
  goto block1(n_0)
block1(n_1: Signed):
  m_2: Signed = int_add(n_1, 3)
  goto block2(m_2)
block2(p_3: Signed):
  goto block3(p_3)
block3(n_4: Signed):
  m_5: Signed = int_mul(n_4, 2)
  goto block4(m_5)
block4(q_6: Signed):
  return q_6
graph looper(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(n_0, 0)
block1(i_1: Signed, acc_2: Signed):
  more_3: Bool = int_gt(i_1, 0)
  if more_3 then block3(i_1, acc_2) else block2(acc_2)
block2(acc_4: Signed):
  return acc_4
block3(i_5: Signed, acc_6: Signed):
  acc2_7: Signed = int_add(acc_6, i_5)
  i2_8: Signed = int_sub(i_5, 1)
  goto block1(i2_8, acc2_7)
graph sum(n_0: Signed) -> Signed jit[unrollSafe]
block0(n_0: Signed):
  goto block1(n_0, 0)
block1(i_1: Signed, acc_2: Signed):
  more_3: Bool = int_gt(i_1, 0)
  if more_3 then block3(i_1, acc_2) else block2(acc_2)
block2(acc_4: Signed):
  return acc_4
block3(i_5: Signed, acc_6: Signed):
  acc2_7: Signed = int_add(acc_6, i_5)
  i2_8: Signed = int_sub(i_5, 1)
  goto block1(i2_8, acc2_7)
graph u(n_0: Signed) -> Signed jit[unrollSafe]
block0(n_0: Signed):
  p_1: Signed = direct_call(<fn looper>, n_0)
  goto block1(p_1)
block1(n_2: Signed):
  goto block2(n_2, 0)
block2(i_3: Signed, acc_4: Signed):
  more_5: Bool = int_gt(i_3, 0)
  if more_5 then block7(i_3, acc_4) else block3(acc_4)
block3(acc_6: Signed):
  goto block4(acc_6)
block4(q_7: Signed):
  goto block5(q_7)
block5(n_8: Signed):
  m_9: Signed = int_add(n_8, 3)
  goto block6(m_9)
block6(r_10: Signed):
  return r_10
block7(i_11: Signed, acc_12: Signed):
  acc2_13: Signed = int_add(acc_12, i_11)
  i2_14: Signed = int_sub(i_11, 1)
  goto block2(i2_14, acc2_13)
