#!/usr/bin/env node
// The `grasp` command (package.json "bin"): runs tools/grasp/cli.ts through tsx.
require('tsx/cjs');
require('./cli.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
