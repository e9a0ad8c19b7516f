namespace Util {
  export const x = 1;
}
==== error
1:1: 'namespace' with values is not erasable TypeScript; use a module (a separate file) instead
