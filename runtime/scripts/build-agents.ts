/** `npm run build:agents`: builds the sample agents (skipping up-to-date ones). `--force` rebuilds all. */
import { buildSampleAgents } from "../src/agents/build-agents.js";

const built = await buildSampleAgents({ force: process.argv.includes("--force") });
console.log(built.length > 0 ? `built agents: ${built.join(", ")}` : "agents up to date");
