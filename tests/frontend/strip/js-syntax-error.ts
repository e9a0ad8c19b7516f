const a: number = 1;
function g() {
  break;
}
==== error
3:3: unsyntactic break
