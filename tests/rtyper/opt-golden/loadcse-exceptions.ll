# passes: loadcse
# run: 1; 5
# A call that may raise ends its block (ok/catch): on the normal link what survives the call
# (a length) stays known; the exception link knows nothing.
struct box gc { value: Signed }
array ints gc of Signed
prebuilt <b>: box = { value: 5 }
prebuilt <xs>: ints = [10, 20, 30]
prebuilt <err>: object = {}
graph f(i: Signed) -> Signed
block0(i: Signed):
  n1: Signed = getarraylength(<xs>)
  v1: Signed = getfield(<b>, "value")
  r: Signed = direct_call(<fn checked>, i)
  ok -> fine(r)
  catch e -> caught(i)
fine(r: Signed):
  n2: Signed = getarraylength(<xs>)
  v2: Signed = getfield(<b>, "value")
  s1 = int_add(r, n2)
  s2 = int_add(s1, v2)
  return s2
caught(i: Signed):
  n3: Signed = getarraylength(<xs>)
  s3 = int_sub(i, n3)
  return s3
graph checked(n: Signed) -> Signed
block0(n: Signed):
  setfield(<b>, "value", n)
  bad = int_gt(n, 3)
  if bad then raise <err> else fine(n)
fine(n: Signed):
  return n
==== optimized
graph f(i_0: Signed) -> Signed
block0(i_0: Signed):
  n1_1: Signed = getarraylength(<xs>)
  v1_2: Signed = getfield(<b>, "value")
  r_3: Signed = direct_call(<fn checked>, i_0)
  ok -> block1(r_3, n1_1)
  catch e_4 -> block2(i_0)
block1(r_5: Signed, n1_6: Signed):
  v2_7: Signed = getfield(<b>, "value")
  s1_8: Signed = int_add(r_5, n1_6)
  s2_9: Signed = int_add(s1_8, v2_7)
  return s2_9
block2(i_10: Signed):
  n3_11: Signed = getarraylength(<xs>)
  s3_12: Signed = int_sub(i_10, n3_11)
  return s3_12
graph checked(n_0: Signed) -> Signed
block0(n_0: Signed):
  v_1: Void = setfield(<b>, "value", n_0)
  bad_2: Bool = int_gt(n_0, 3)
  if bad_2 then raise <err> else block1(n_0)
block1(n_3: Signed):
  return n_3
