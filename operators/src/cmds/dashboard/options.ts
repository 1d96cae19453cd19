import { Option } from "commander";

export interface DashboardCliOptions {
  dataDir?: string;
  json: boolean;
}

export const dashboardOptions = [
  new Option(
    "--data-dir <dir>",
    "the scheduler's data directory (or a devnet's); default: the newest devnet under .data/",
  ).env("PADMESH_SCHEDULER_DATA_DIR"),
  new Option("--json", "print the URL and a summary as one JSON object").default(false),
];
