# passes: loadcse
# run: 0; 1; 2
# A call may store into any object: the fields and items known before it are read again after
# it; an array's length (fixed when the array is made) and a check passed stay known. JIT
# markers forget nothing (in the graphs these passes see they do nothing); a raw store forgets
# lengths too.
struct box gc { value: Signed }
array bytes gc of Uint8
prebuilt <b>: box = { value: 5 }
prebuilt <u>: bytes = [1, 2]
graph f(i: Signed) -> Signed
block0(i: Signed):
  v1: Signed = getfield(<b>, "value")
  n1: Signed = getarraylength(<u>)
  check_index(i, n1)
  u1: Signed = getarrayitem(<u>, i)
  r: Signed = direct_call(<fn g>, i)
  v2: Signed = getfield(<b>, "value")
  n2: Signed = getarraylength(<u>)
  check_index(i, n2)
  u2: Signed = getarrayitem(<u>, i)
  jit_merge_point("driver", 1, i, r)
  v3: Signed = getfield(<b>, "value")
  s1 = int_add(v1, v2)
  s2 = int_add(s1, v3)
  s3 = int_add(s2, n2)
  s4 = int_add(s3, u1)
  s5 = int_add(s4, u2)
  s6 = int_add(s5, r)
  return s6
graph g(x: Signed) -> Signed
block0(x: Signed):
  setfield(<b>, "value", x)
  return x
graph raw(a: Address) -> Signed
block0(a: Address):
  n1: Signed = getarraylength(<u>)
  raw_store(Signed, a, 0, n1)
  n2: Signed = getarraylength(<u>)
  s = int_add(n1, n2)
  return s
==== optimized
graph f(i_0: Signed) -> Signed
block0(i_0: Signed):
  v1_1: Signed = getfield(<b>, "value")
  n1_2: Signed = getarraylength(<u>)
  v_3: Void = check_index(i_0, n1_2)
  u1_4: Signed = getarrayitem(<u>, i_0)
  r_5: Signed = direct_call(<fn g>, i_0)
  v2_6: Signed = getfield(<b>, "value")
  u2_7: Signed = getarrayitem(<u>, i_0)
  v_8: Void = jit_merge_point("driver", 1, i_0, r_5)
  s1_9: Signed = int_add(v1_1, v2_6)
  s2_10: Signed = int_add(s1_9, v2_6)
  s3_11: Signed = int_add(s2_10, n1_2)
  s4_12: Signed = int_add(s3_11, u1_4)
  s5_13: Signed = int_add(s4_12, u2_7)
  s6_14: Signed = int_add(s5_13, r_5)
  return s6_14
graph g(x_0: Signed) -> Signed
block0(x_0: Signed):
  v_1: Void = setfield(<b>, "value", x_0)
  return x_0
graph raw(a_0: Address) -> Signed
block0(a_0: Address):
  n1_1: Signed = getarraylength(<u>)
  v_2: Void = raw_store(Signed, a_0, 0, n1_1)
  n2_3: Signed = getarraylength(<u>)
  s_4: Signed = int_add(n1_1, n2_3)
  return s_4
