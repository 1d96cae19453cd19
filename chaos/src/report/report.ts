/**
 * A drill's report: the figures every drill measures, the invariants it checked (each PASS or
 * FAIL with the evidence), a table for people and one JSON object for machines.
 */

export interface DrillFigures {
  sessions_started: number;
  sessions_completed: number;
  steps_completed: number;
  steps_failed: number;
  /** Verified receipts the SDK received (each one a receipt the project countersigns). */
  receipts_acknowledged: number;
  /** Acknowledged but missing from the signing node's journal, or never settled on-chain. */
  receipts_lost: number;
  /** Receipts for a step and role the SDK had already acknowledged (paid twice). */
  receipts_duplicated: number;
  /** Two different signed receipts for one lease and sequence, or one step run on two live leases. */
  conflicting_signatures: number;
  /** Fault injected → the role running on another worker (p99 over all replacements), seconds. */
  replacement_p99_s: number | null;
  replacements: number;
  wrong_outputs: number;
  wrong_outputs_caught: number;
  wrong_outputs_paid: number;
  slashes: number;
  /** Processes that died without the drill killing them. */
  crashes: number;
  max_rss_mb: number;
  step_latency_p50_ms: number | null;
  step_latency_p99_ms: number | null;
  wall_s: number;
}

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DrillReport extends DrillFigures {
  drill: string;
  ok: boolean;
  invariants: InvariantResult[];
  /** Drill-specific figures (the load knee, the sample rate, fault counts). */
  extra: Record<string, number | string | boolean | null>;
}

export function emptyFigures(): DrillFigures {
  return {
    sessions_started: 0,
    sessions_completed: 0,
    steps_completed: 0,
    steps_failed: 0,
    receipts_acknowledged: 0,
    receipts_lost: 0,
    receipts_duplicated: 0,
    conflicting_signatures: 0,
    replacement_p99_s: null,
    replacements: 0,
    wrong_outputs: 0,
    wrong_outputs_caught: 0,
    wrong_outputs_paid: 0,
    slashes: 0,
    crashes: 0,
    max_rss_mb: 0,
    step_latency_p50_ms: null,
    step_latency_p99_ms: null,
    wall_s: 0,
  };
}

export function buildReport(
  drill: string,
  figures: DrillFigures,
  invariants: InvariantResult[],
  extra: DrillReport["extra"] = {},
): DrillReport {
  return { drill, ok: invariants.every((i) => i.ok), ...figures, invariants, extra };
}

/** The q-quantile (0..1) of a sample by nearest rank; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

const round = (v: number | null, digits = 2) => (v === null ? null : Number(v.toFixed(digits)));

export function reportJson(r: DrillReport): string {
  return JSON.stringify({
    ...r,
    replacement_p99_s: round(r.replacement_p99_s, 3),
    max_rss_mb: round(r.max_rss_mb, 1),
    step_latency_p50_ms: round(r.step_latency_p50_ms, 1),
    step_latency_p99_ms: round(r.step_latency_p99_ms, 1),
    wall_s: round(r.wall_s, 1),
  });
}

export function reportTable(r: DrillReport): string {
  const fig = (v: number | null, unit = "") => (v === null ? "—" : `${round(v, 3)}${unit}`);
  const rows: [string, string][] = [
    ["sessions started / completed", `${r.sessions_started} / ${r.sessions_completed}`],
    ["steps completed / failed", `${r.steps_completed} / ${r.steps_failed}`],
    ["receipts acknowledged", String(r.receipts_acknowledged)],
    ["receipts lost", String(r.receipts_lost)],
    ["receipts duplicated", String(r.receipts_duplicated)],
    ["conflicting signatures", String(r.conflicting_signatures)],
    ["replacements (p99)", `${r.replacements} (${fig(r.replacement_p99_s, " s")})`],
    [
      "wrong outputs caught / paid / total",
      `${r.wrong_outputs_caught} / ${r.wrong_outputs_paid} / ${r.wrong_outputs}`,
    ],
    ["slashes", String(r.slashes)],
    ["crashes", String(r.crashes)],
    ["max RSS of a mesh process", fig(r.max_rss_mb, " MB")],
    ["step latency p50 / p99", `${fig(r.step_latency_p50_ms, " ms")} / ${fig(r.step_latency_p99_ms, " ms")}`],
    ["wall time", fig(r.wall_s, " s")],
    ...Object.entries(r.extra).map(([k, v]): [string, string] => [k, v === null ? "—" : String(v)]),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = [`drill ${r.drill}: ${r.ok ? "PASS" : "FAIL"}`, ""];
  for (const [k, v] of rows) lines.push(`  ${k.padEnd(w)}  ${v}`);
  lines.push("", "  invariants:");
  for (const i of r.invariants) lines.push(`    ${i.ok ? "PASS" : "FAIL"}  ${i.name}: ${i.detail}`);
  return lines.join("\n");
}

/**
 * Several drills as one object (the last JSON line of a multi-drill run): counts summed, RSS and
 * replacement p99 the worst seen, `ok` only when every drill passed, each drill's verdict listed.
 */
export function aggregateReports(reports: readonly DrillReport[]): Record<string, unknown> {
  const f = emptyFigures();
  const sum = [
    "sessions_started",
    "sessions_completed",
    "steps_completed",
    "steps_failed",
    "receipts_acknowledged",
    "receipts_lost",
    "receipts_duplicated",
    "conflicting_signatures",
    "replacements",
    "wrong_outputs",
    "wrong_outputs_caught",
    "wrong_outputs_paid",
    "slashes",
    "crashes",
    "wall_s",
  ] as const;
  for (const r of reports) {
    for (const k of sum) f[k] += r[k];
    f.max_rss_mb = Math.max(f.max_rss_mb, r.max_rss_mb);
    if (r.replacement_p99_s !== null)
      f.replacement_p99_s = Math.max(f.replacement_p99_s ?? 0, r.replacement_p99_s);
  }
  return {
    drill: "all",
    ok: reports.every((r) => r.ok),
    ...f,
    max_rss_mb: Number(f.max_rss_mb.toFixed(1)),
    wall_s: Number(f.wall_s.toFixed(1)),
    drills: reports.map((r) => ({
      drill: r.drill,
      ok: r.ok,
      failed: r.invariants.filter((i) => !i.ok).map((i) => i.name),
    })),
  };
}
