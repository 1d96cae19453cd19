/**
 * docs/observability.md lists every metric, span and alarm the code defines, and the Grafana
 * dashboard and Prometheus alerts query only metrics that exist. Read from the sources, so a new
 * metric without docs (or a renamed one still graphed) fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const docs = readFileSync(join(ROOT, "docs/observability.md"), "utf8");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(readFileSync(p, "utf8"));
  }
  return out;
}

const code = ["node/src", "scheduler/src", "sdk/src"].flatMap((d) => sources(join(ROOT, d))).join("\n");
const defined = new Set(
  [
    ...code.matchAll(
      /create(?:Histogram|Counter|UpDownCounter|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\(\s*"(padmesh_[a-z0-9_]+)"/g,
    ),
  ].map((m) => m[1] as string),
);
const spans = new Set([...code.matchAll(/startSpan\(\s*"([a-z._]+)"/g)].map((m) => m[1] as string));

/** Metric families a PromQL text refers to (histogram series mapped to their family). */
function queried(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/padmesh_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, "")),
    ),
  ];
}

describe("observability docs and operator files", () => {
  it("the code defines the metrics we expect to find (the scan works)", () => {
    expect(defined.size).toBeGreaterThan(25);
    expect(defined).toContain("padmesh_scheduler_alarms_active");
    expect(defined).toContain("padmesh_step_duration_seconds");
  });

  it("docs/observability.md lists every metric", () => {
    const missing = [...defined].filter((m) => !docs.includes(`\`${m}\``));
    expect(missing).toEqual([]);
  });

  it("docs/observability.md lists every span", () => {
    expect(spans.size).toBeGreaterThanOrEqual(9);
    const missing = [...spans].filter((s) => !docs.includes(`\`${s}\``));
    expect(missing).toEqual([]);
  });

  it("docs/observability.md lists every alarm kind", () => {
    const iface = readFileSync(join(ROOT, "scheduler/src/observability/interface.ts"), "utf8");
    const kinds = [
      ...(/export type AlarmKind = ([^;]+);/.exec(iface)?.[1] ?? "").matchAll(/"([a-z_]+)"/g),
    ].map((m) => m[1] as string);
    expect(kinds).toHaveLength(4);
    expect(kinds.filter((k) => !docs.includes(`\`${k}\``))).toEqual([]);
  });

  it("the Grafana dashboard and Prometheus alerts query only metrics that exist", () => {
    const grafana = JSON.parse(
      readFileSync(join(ROOT, "operators/grafana/padmesh-dashboard.json"), "utf8"),
    ) as {
      panels: { type: string; targets?: { expr: string }[] }[];
    };
    const exprs = grafana.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join("\n");
    expect(grafana.panels.filter((p) => p.type !== "row").length).toBeGreaterThan(20);
    const alerts = readFileSync(join(ROOT, "operators/prometheus/alerts.yml"), "utf8");
    for (const text of [exprs, alerts]) {
      const unknown = queried(text).filter((m) => !defined.has(m));
      expect(unknown).toEqual([]);
    }
    const scrape = readFileSync(join(ROOT, "operators/prometheus/prometheus.yml"), "utf8");
    expect(scrape).toContain("job_name: padmesh-scheduler");
    expect(scrape).toContain("job_name: padmesh-node");
  });
});
