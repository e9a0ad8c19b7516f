class Point {
  constructor(public x: number, private readonly y: number) {}
}
==== error
2:15: a parameter property is not erasable TypeScript; declare the field in the class body and assign it in the constructor
