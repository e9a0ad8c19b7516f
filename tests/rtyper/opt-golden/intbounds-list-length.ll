# passes: intbounds
# run: 0; 2; 5; -1
# A list's length (the rtyper's list_T structs) is at most 2^48, as an array's: an index that
# passed the check against it is below 2^48, so the next index after i + 1 cannot overflow
# (the `code[ip++]` of a dispatch loop, whose ip + 1 is computed before the check). The same
# field of another struct is any integer (the `length` of a class, whatever it holds).
array items_int gc of Signed
struct list_int gc { length: Signed, items: Ptr(items_int) }
struct thing gc { length: Signed }
graph f(i: Signed) -> Signed
block0(i: Signed):
  list: Ptr(list_int) = malloc(list_int)
  items: Ptr(items_int) = malloc_varsize(items_int, 3)
  setfield(list, "items", items)
  setfield(list, "length", 3)
  t: Ptr(thing) = malloc(thing)
  setfield(t, "length", 3)
  n = getfield(list, "length")
  j = int_add_ovf(i, 1)
  check_index(i, n)
  k = int_add_ovf(j, 1)
  m = getfield(t, "length")
  check_index(i, m)
  p = int_add_ovf(m, 1)
  q = int_add_ovf(n, 1)
  r = int_add_ovf(k, p)
  s = int_add_ovf(r, q)
  return s
==== optimized
graph f(i_0: Signed) -> Signed
block0(i_0: Signed):
  list_1: Ptr(list_int) = malloc(list_int)
  items_2: Ptr(items_int) = malloc_varsize(items_int, 3)
  v_3: Void = setfield(list_1, "items", items_2)
  v_4: Void = setfield(list_1, "length", 3)
  t_5: Ptr(thing) = malloc(thing)
  v_6: Void = setfield(t_5, "length", 3)
  n_7: Signed = getfield(list_1, "length")
  j_8: Signed = int_add_ovf(i_0, 1)
  v_9: Void = check_index(i_0, n_7)
  k_10: Signed = int_add(j_8, 1)
  m_11: Signed = getfield(t_5, "length")
  v_12: Void = check_index(i_0, m_11)
  p_13: Signed = int_add_ovf(m_11, 1)
  q_14: Signed = int_add(n_7, 1)
  r_15: Signed = int_add_ovf(k_10, p_13)
  s_16: Signed = int_add_ovf(r_15, q_14)
  return s_16
