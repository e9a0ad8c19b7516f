function dec(target: unknown) {}
class A {
  @dec method() {}
}
==== error
3:3: decorators are not supported in RTS; call a hint function instead (e.g. elidable(fn))
