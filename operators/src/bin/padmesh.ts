#!/usr/bin/env node
// Placeholder until the devnet lands (issue: SDK, CLI and devnet). It says so and fails: never fakes a run.
console.error("padmesh: the devnet is not built yet; `npm start` will run it once it exists. See README.md.");
process.exit(1);
