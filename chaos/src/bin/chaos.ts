/**
 * `npm run chaos -- [drill ...] [--full] [--json]`: run chaos drills against real local meshes and
 * print each report (a table, or with --json one JSON object per drill, the summary last). Exits
 * non-zero when any drill fails.
 */
import { parseArgs } from "node:util";
import { DRILLS, drillByName } from "../drills/index.js";
import { aggregateReports, reportJson, reportTable } from "../report/report.js";
import { runDrills } from "../run.js";

const USAGE = `usage: chaos [${DRILLS.map((d) => d.name).join("|")}|all ...] [--full] [--json] [--seed N] [--base-port P] [--data-dir DIR] [--keep-data] [--param name=value ...] [--partition-mode proxy|sigstop]`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      full: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      seed: { type: "string" },
      "base-port": { type: "string", default: "27000" },
      "data-dir": { type: "string" },
      "keep-data": { type: "boolean", default: false },
      "log-level": { type: "string", default: "warn" },
      param: { type: "string", multiple: true, default: [] },
      "partition-mode": { type: "string", default: "proxy" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(`${USAGE}\n\n${DRILLS.map((d) => `  ${d.name.padEnd(15)} ${d.description}`).join("\n")}`);
    return 0;
  }
  const names =
    positionals.length === 0 || positionals.includes("all") ? DRILLS.map((d) => d.name) : positionals;
  const drills = names.map((n) => {
    const d = drillByName(n);
    if (!d) throw new Error(`unknown drill "${n}"\n${USAGE}`);
    return d;
  });
  const say = (m: string) => process.stderr.write(`» ${m}\n`);
  const params: Record<string, bigint> = {};
  for (const p of values.param) {
    const m = /^([\w.]+)=(\d+)$/.exec(p);
    if (!m) throw new Error(`--param takes name=integer, got "${p}"`);
    params[m[1]!] = BigInt(m[2]!);
  }
  const partitionMode = values["partition-mode"];
  if (partitionMode !== "proxy" && partitionMode !== "sigstop")
    throw new Error(`--partition-mode takes proxy or sigstop, got "${partitionMode}"`);
  const reports = await runDrills({
    partitionMode,
    drills,
    full: values.full,
    basePort: Number(values["base-port"]),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    dataDir: values["data-dir"],
    keepData: values["keep-data"],
    logLevel: values["log-level"],
    params,
    say,
    onReport: (r) => {
      if (values.json) console.log(reportJson(r));
      else console.log(`\n${reportTable(r)}\n`);
    },
  });
  const ok = reports.every((r) => r.ok);
  if (values.json && reports.length > 1) {
    console.log(JSON.stringify(aggregateReports(reports)));
  }
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`chaos: ${err.message}`);
    process.exit(2);
  },
);
