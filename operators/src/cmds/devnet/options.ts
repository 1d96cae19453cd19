import { Option } from "commander";

export interface DevnetCliOptions {
  demo: boolean;
  dishonest: boolean;
  json: boolean;
  steps: string;
  concurrency: string;
  dataDir?: string;
  basePort: string;
  keep: boolean;
  logLevel: string;
}

export const devnetOptions = [
  new Option("--demo", "run the demo session, print the summary and exit").default(false),
  new Option(
    "--dishonest",
    "with --demo: one worker returns wrong outputs; watch it get caught and slashed",
  ).default(false),
  new Option("--json", "print the summary as one JSON object on the last line").default(false),
  new Option("--steps <n>", "demo steps").default("300"),
  new Option("--concurrency <n>", "demo steps in flight").default("8"),
  new Option(
    "--data-dir <dir>",
    "where the devnet keeps its chain logs, keys and databases (default: a new .data/devnet-<time>)",
  ),
  new Option("--base-port <port>", "first of the 127.0.0.1 ports the devnet uses").default("18545"),
  new Option("--keep", "with --demo: keep the mesh running after the summary").default(false),
  new Option("--log-level <level>", "log level of the mesh processes").default("warn"),
];
