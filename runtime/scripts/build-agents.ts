/**
 * `npm run build:agents`: builds the sample agents into runtime/agents/build (skipping up-to-date
 * ones; `--force` rebuilds). With a source file, builds that agent instead:
 *   npm run build:agents -- path/to/agent.ts -o path/to/agent.wasm
 */
import { readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildAgent, buildSampleAgents } from "../src/agents/build-agents.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: "boolean", default: false }, out: { type: "string", short: "o" } },
});

if (positionals.length === 0) {
  const built = await buildSampleAgents({ force: values.force });
  console.log(built.length > 0 ? `built agents: ${built.join(", ")}` : "agents up to date");
} else {
  for (const source of positionals) {
    const output = values.out && positionals.length === 1 ? values.out : source.replace(/\.ts$/, ".wasm");
    // Every .ts beside the source (its copy of the kit, its own modules) decides whether it is up to date.
    const dir = dirname(resolve(source));
    const dependencies = (await readdir(dir)).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
    const built = await buildAgent({
      source,
      output,
      force: values.force,
      dependencies: dependencies.sort(),
    });
    console.log(built ? `built ${output}` : `${output} up to date`);
  }
}
