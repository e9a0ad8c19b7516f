class A {
  accessor x: number = 1;
}
==== error
2:3: 'accessor' fields are not supported in RTS; use a plain field
