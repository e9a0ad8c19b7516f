const x = 1;
export = x;
==== error
2:1: 'export =' is not erasable TypeScript; use 'export default' or named exports instead
