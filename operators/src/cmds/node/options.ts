import { Option } from "commander";

export interface NodeStartCliOptions {
  config?: string;
  dataDir?: string;
  operatorKeyFile?: string;
  roles?: string;
  region?: string;
  listen?: string[];
  bootstrap?: string[];
  mdns?: boolean;
  metricsPort?: string;
  rpcUrl?: string;
  deployment?: string;
  probeTarget?: string;
  dishonestRate?: string;
  logLevel?: string;
}

export interface NodeProbeCliOptions {
  json?: boolean;
  region?: string;
  probeTarget?: string;
  dataDir?: string;
}

export interface NodeClaimCliOptions {
  dataDir: string;
  rpcUrl?: string;
  deployment: string;
  operatorKeyFile?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export const nodeStartOptions = [
  new Option("--config <file>", "JSON config file (lowest layer; env PADMESH_* and flags override it)"),
  new Option("--data-dir <dir>", "where peer.key, journal/ and blobs/ live"),
  new Option(
    "--operator-key-file <file>",
    "file holding the operator's 0x key (or env PADMESH_OPERATOR_KEY)",
  ),
  new Option("--roles <list>", "comma-separated: compute,execution,coordination,verification"),
  new Option("--region <name>", "region advertised, e.g. eu-west"),
  new Option("--listen <multiaddr>", "libp2p listen address (repeatable)").argParser(collect),
  new Option("--bootstrap <multiaddr>", "bootstrap peer with /p2p/<id> (repeatable)").argParser(collect),
  new Option("--mdns", "discover peers on the local network"),
  new Option("--metrics-port <port>", "Prometheus /metrics port on 127.0.0.1 (0 = any)"),
  new Option("--rpc-url <url>", "JSON-RPC URL of the chain (stake checks, claims, challenges)"),
  new Option("--deployment <file>", "deployments/<chainId>.json of the PadMesh contracts"),
  new Option("--probe-target <url>", "http(s) transfer-test endpoint for measuring bandwidth"),
  new Option(
    "--dishonest-rate <0..1>",
    "TEST ONLY: share of steps answered with a wrong (signed) output, to demo verifiers slashing it",
  ).hideHelp(),
  new Option("--log-level <level>", "trace | debug | info | warn | error | silent"),
];

export const nodeProbeOptions = [
  new Option("--json", "print the descriptor as JSON"),
  new Option("--region <name>", "region to report").default("local"),
  new Option("--probe-target <url>", "http(s) transfer-test endpoint for measuring bandwidth"),
  new Option("--data-dir <dir>", "report the disk holding this directory"),
];

export const nodeClaimOptions = [
  new Option(
    "--data-dir <dir>",
    "the (stopped) node's data directory: vouchers are read from its journal",
  ).makeOptionMandatory(),
  new Option("--rpc-url <url>", "JSON-RPC URL of the chain").env("PADMESH_RPC_URL"),
  new Option(
    "--deployment <file>",
    "deployments/<chainId>.json of the PadMesh contracts",
  ).makeOptionMandatory(),
  new Option(
    "--operator-key-file <file>",
    "file holding the operator's 0x key (or env PADMESH_OPERATOR_KEY)",
  ),
  new Option("--json", "print the result as one JSON object"),
];
