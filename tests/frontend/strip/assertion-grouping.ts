declare const a: number | undefined;
const b = 1;
const c = a ?? b as number || 2;
==== error
3:16: removing this type assertion would change how '??' groups with '&&' or '||'; add parentheses around the assertion
