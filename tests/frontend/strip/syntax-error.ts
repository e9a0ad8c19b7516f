function f(a: number {
  return a;
}
==== error
1:22: ',' expected
