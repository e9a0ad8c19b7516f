const x = 1;
export enum Color { Red, Green }
==== error
2:1: 'enum' is not erasable TypeScript; use module-level constants (const RED = 0) or a class instead
