# passes: mallocremoval, constfold, dce
# run: 3; -4
# An array of inline structs (getitemfield, setitemfield) stays: malloc removal takes structs
# only, and a field read is a read of memory, never folded (not even of a prebuilt array); the
# unused read goes with dead code.
struct node gc { v: Signed }
struct entry { key: Ptr(node), value: Signed, flag: Bool }
array entries gc of entry
prebuilt <n1>: node = { v: 40 }
prebuilt <e1>: entry = { key: <n1>, value: 2, flag: true }
prebuilt <table>: entries = [<e1>, <e1>]
graph f(a: Signed) -> Signed
block0(a: Signed):
  t: Ptr(entries) = malloc_varsize(entries, 2)
  setitemfield(t, 1, "value", a)
  setitemfield(t, 1, "key", <n1>)
  setitemfield(t, 0, "flag", true)
  unused = getitemfield(t, 0, "value")
  v = getitemfield(t, 1, "value")
  k = getitemfield(t, 1, "key")
  kv: Signed = getfield(k, "v")
  w: Signed = getitemfield(<table>, 1, "value")
  fl = getitemfield(t, 0, "flag")
  fi = cast_bool_to_int(fl)
  s1 = int_add(v, kv)
  s2 = int_add(s1, w)
  r = int_add(s2, fi)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  t_1: Ptr(entries) = malloc_varsize(entries, 2)
  v_2: Void = setitemfield(t_1, 1, "value", a_0)
  v_3: Void = setitemfield(t_1, 1, "key", <n1>)
  v_4: Void = setitemfield(t_1, 0, "flag", true)
  v_5: Signed = getitemfield(t_1, 1, "value")
  k_6: Ptr(node) = getitemfield(t_1, 1, "key")
  kv_7: Signed = getfield(k_6, "v")
  w_8: Signed = getitemfield(<table>, 1, "value")
  fl_9: Bool = getitemfield(t_1, 0, "flag")
  fi_10: Signed = cast_bool_to_int(fl_9)
  s1_11: Signed = int_add(v_5, kv_7)
  s2_12: Signed = int_add(s1_11, w_8)
  r_13: Signed = int_add(s2_12, fi_10)
  return r_13
