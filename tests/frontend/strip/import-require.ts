import fs = require("node:fs");
==== error
1:1: 'import ... = require()' is not erasable TypeScript; use 'import ... from' instead
