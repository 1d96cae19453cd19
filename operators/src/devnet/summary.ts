/** The demo's summary: a table for people and one JSON object for scripts. */
import { formatUnits } from "viem";
import type { DemoResult } from "./demo.js";

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

const pad = (wei: bigint) =>
  Number(formatUnits(wei, 18)).toLocaleString("en-US", { maximumFractionDigits: 9 });

export interface SummaryJson {
  steps: number;
  steps_failed: number;
  receipts_verified: number;
  receipts_rejected: number;
  verifications_matched: number;
  wrong_outputs_caught: number;
  slashes: number;
  pad_settled: string;
  pad_refunded: string;
  operators_paid: number;
  step_latency_p50_ms: number;
  step_latency_p99_ms: number;
  first_settlement_s: number;
  gas_used: string;
  wall_s: number;
  session_id: string;
}

export function summaryJson(r: DemoResult, wallS: number): SummaryJson {
  return {
    steps: r.steps,
    steps_failed: r.stepsFailed,
    receipts_verified: r.receiptsVerified,
    receipts_rejected: r.receiptsRejected,
    verifications_matched: r.verificationsMatched,
    wrong_outputs_caught: r.mismatchesCaught,
    slashes: r.slashes,
    pad_settled: formatUnits(r.padSettled, 18),
    pad_refunded: formatUnits(r.padRefunded, 18),
    operators_paid: r.operatorsPaid,
    step_latency_p50_ms: round(percentile(r.latenciesMs, 50)),
    step_latency_p99_ms: round(percentile(r.latenciesMs, 99)),
    first_settlement_s: round(r.firstSettledReceiptS),
    gas_used: r.gasUsed.toString(),
    wall_s: round(wallS),
    session_id: r.sessionId,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

const WIDTHS = [11, 43, 31, 46, 0];
function formatRow(cells: string[]): string {
  return cells.map((c, i) => (WIDTHS[i] ? c.padEnd(WIDTHS[i] as number) : c)).join(" ");
}

export function summaryTable(r: DemoResult, wallS: number): string {
  const j = summaryJson(r, wallS);
  const lines = [
    "",
    "PadMesh devnet demo — summary",
    "─".repeat(72),
    `session            ${r.sessionId}`,
    `steps              ${j.steps} (${j.steps_failed} failed)`,
    `receipts verified  ${j.receipts_verified} (${j.receipts_rejected} rejected by the SDK)`,
    `re-executions      ${j.verifications_matched} matched, ${j.wrong_outputs_caught} wrong outputs caught, ${j.slashes} slashes`,
    `step latency       p50 ${j.step_latency_p50_ms} ms, p99 ${j.step_latency_p99_ms} ms (submit → verified output)`,
    `PAD settled        ${pad(r.padSettled)} PAD to ${j.operators_paid} operators; ${pad(r.padRefunded)} PAD refunded`,
    `gas used           ${j.gas_used} (project escrow + settlement transactions)`,
    `first settlement   ${j.first_settlement_s} s after the session opened; whole run ${j.wall_s} s`,
    "",
    formatRow(["operator", "address", "roles", "PAD before → after", "stake"]),
  ];
  for (const o of r.operators) {
    lines.push(
      formatRow([
        o.name,
        o.address,
        o.roles.join(","),
        `${pad(o.padBefore)} → ${pad(o.padAfter)} (+${pad(o.padAfter - o.padBefore)})`,
        o.slashed ? `SLASHED ${pad(o.stakeBefore)} → ${pad(o.stakeAfter)}` : pad(o.stakeAfter),
      ]),
    );
  }
  lines.push(
    formatRow([
      "project",
      r.project.address,
      "",
      `${pad(r.project.padBefore)} → ${pad(r.project.padAfter)}`,
      "",
    ]),
  );
  lines.push("", "leases (from the SDK's voucher book)");
  for (const l of r.leases) {
    lines.push(
      `  ${l.role.padEnd(12)} ${l.leaseId.slice(0, 18)}…  ${l.operator}  ${l.receipts} receipts, ${pad(l.cumulative)} PAD`,
    );
  }
  return lines.join("\n");
}
