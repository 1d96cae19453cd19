import { Option } from "commander";

export interface SchedulerStartCliOptions {
  config?: string;
  dataDir?: string;
  grpcPort?: string;
  metricsPort?: string;
  rpcUrl?: string;
  deployment?: string;
  listen?: string[];
  bootstrap?: string[];
  logLevel?: string;
  heartbeatMs?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export const schedulerStartOptions = [
  new Option(
    "--config <file>",
    "JSON config file (lowest layer; env PADMESH_SCHEDULER_* and flags override it)",
  ),
  new Option("--data-dir <dir>", "where peer.key, journal/ and blobs/ live"),
  new Option("--grpc-port <port>", "gRPC API port on 127.0.0.1 (0 = any)"),
  new Option("--metrics-port <port>", "Prometheus /metrics port on 127.0.0.1 (0 = any)"),
  new Option("--rpc-url <url>", "JSON-RPC URL of the chain"),
  new Option("--deployment <file>", "deployments/<chainId>.json of the PadMesh contracts"),
  new Option("--listen <multiaddr>", "libp2p listen address (repeatable)").argParser(collect),
  new Option("--bootstrap <multiaddr>", "bootstrap peer with /p2p/<id> (repeatable)").argParser(collect),
  new Option("--log-level <level>", "trace | debug | info | warn | error | silent"),
  new Option("--heartbeat-ms <ms>", "lease heartbeat interval"),
];
