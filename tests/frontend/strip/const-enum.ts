const enum Op { Add = 1 }
==== error
1:1: 'enum' is not erasable TypeScript; use module-level constants (const RED = 0) or a class instead
