import { Option } from "commander";

export interface ExplainCliOptions {
  scheduler: string;
  json: boolean;
}

export const explainOptions = [
  new Option("--scheduler <host:port>", "the scheduler's gRPC address")
    .env("PADMESH_SCHEDULER")
    .default("127.0.0.1:7000"),
  new Option("--json", "print the decisions as JSON").default(false),
];
