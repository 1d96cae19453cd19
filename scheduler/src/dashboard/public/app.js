// PadMesh dashboard: renders DashboardSnapshot objects pushed over SSE (/api/events).
// Everything is written with textContent (advert fields come from the network, never trusted as HTML).

const PAD = 10n ** 18n;
const $ = (sel) => document.querySelector(sel);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k === "title") e.title = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else if (k === "onclick") e.addEventListener("click", v);
    else if (k === "style") e.setAttribute("style", v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return e;
}

const short = (s) => (s && s.length > 16 ? `${s.slice(0, 8)}…${s.slice(-6)}` : (s ?? ""));
const ms = (v) => (v === null || v === undefined ? "–" : v < 10 ? v.toFixed(2) : v.toFixed(0));
const pct = (v) => `${(v * 100).toFixed(1)}`;
const time = (t) => new Date(t).toLocaleTimeString();

/** PAD wei (decimal string) → "12.3456" PAD, or "N wei" below 0.0001 PAD (devnet prices are tiny). */
function pad(wei) {
  if (wei === null || wei === undefined) return "–";
  const w = BigInt(wei);
  if (w > 0n && w < PAD / 10000n) return `${w} wei`;
  const whole = w / PAD;
  const frac = ((w % PAD) * 10000n) / PAD;
  return `${whole}.${frac.toString().padStart(4, "0")}`;
}

function bytes(v) {
  const n = Number(v);
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `${n} B`;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

// ------------------------------------------------------------------ latency chart
let chart;
function renderLatency(points) {
  const box = $("#latency-chart");
  box.dataset.points = String(points.length);
  const xs = points.map((p) => p[0] / 1000);
  const ys = points.map((p) => p[1]);
  if (!chart) {
    chart = new uPlot(
      {
        width: Math.max(box.clientWidth - 10, 300),
        height: 220,
        scales: { x: { time: true } },
        series: [{}, { label: "step latency (ms)", stroke: "#58a6ff", width: 1, points: { show: false } }],
        axes: [
          { stroke: "#7d8a99", grid: { stroke: "#222c38" } },
          { stroke: "#7d8a99", grid: { stroke: "#222c38" } },
        ],
      },
      [xs, ys],
      box,
    );
    window.addEventListener("resize", () =>
      chart.setSize({ width: Math.max(box.clientWidth - 10, 300), height: 220 }),
    );
  } else chart.setData([xs, ys]);
  const sorted = [...ys].sort((a, b) => a - b);
  const q = (p) => sorted[Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0)];
  $("#latency-summary").textContent =
    sorted.length === 0
      ? "(no steps yet)"
      : `${sorted.length} steps · p50 ${ms(q(50))} ms · p95 ${ms(q(95))} ms · p99 ${ms(q(99))} ms`;
}

// ------------------------------------------------------------------ sections
function renderAlarms(alarms) {
  $("#alarm-count").textContent = String(alarms.active.length);
  $("#alarm-count").className = `pill ${alarms.active.length ? "down" : "up"}`;
  const items = [
    ...alarms.active.map((a) =>
      el("li", { class: a.severity, "data-alarm": a.kind }, `${time(a.raisedAtMs)} ${a.kind}: ${a.message}`),
    ),
    ...alarms.recent
      .filter((a) => a.resolvedAtMs)
      .slice(0, 10)
      .map((a) =>
        el("li", { class: "resolved" }, `${time(a.resolvedAtMs)} resolved ${a.kind}: ${a.message}`),
      ),
  ];
  $("#alarm-list").replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "no alarms")]));
}

function renderNodes(nodes) {
  $("#node-count").textContent = String(nodes.filter((n) => n.up).length);
  fill(
    $("#nodes tbody"),
    nodes.map((n) => {
      const d = n.descriptor;
      const desc = d
        ? `${d.cpuCores}× ${d.cpuModel || "cpu"} · ${bytes(d.ramBytes)} RAM` +
          (d.gpus.length
            ? ` · ${d.gpus.map((g) => `${g.count}× ${g.model} ${bytes(g.vramBytes)}`).join(", ")}`
            : " · no GPU") +
          (d.region ? ` · ${d.region}` : "")
        : "–";
      return el(
        "tr",
        { "data-peer": n.peerId },
        el("td", { class: "mono", title: `${n.peerId}\noperator ${n.operator}` }, short(n.peerId)),
        el("td", { class: n.up ? "ok" : "bad" }, n.up ? "up" : "down"),
        el("td", {}, n.roles.map((r) => `${r.role} ${r.pricePerFuel}`).join(", ")),
        el("td", {}, desc),
        el("td", {}, `${n.runningLeases} leases${n.free ? ` · ${n.free.leaseSlots} slots free` : ""}`),
        el("td", {}, n.reputation.toFixed(2)),
        el("td", {}, `${pct(n.availability)}%${n.flaps ? ` (${n.flaps} flaps)` : ""}`),
        el("td", {}, n.steps),
        el("td", { class: n.errorRate > 0 ? "warn" : "" }, pct(n.errorRate)),
        el("td", {}, `${ms(n.p50Ms)} / ${ms(n.p95Ms)}`),
        el("td", {}, n.fuelPerSecond.toFixed(0)),
        el("td", {}, pad(n.padEarnedWei)),
      );
    }),
  );
}

function states(obj) {
  const parts = Object.entries(obj).filter(([, v]) => v > 0);
  return parts.length ? parts.map(([k, v]) => `${k} ${v}`).join(" · ") : "none";
}

function renderSessions(snap) {
  $("#session-states").textContent = states(snap.sessionsByState);
  $("#lease-states").textContent = states(snap.leasesByState);
  fill(
    $("#sessions tbody"),
    snap.sessions.map((s) =>
      el(
        "tr",
        { "data-session": s.sessionId },
        el("td", { class: "mono", title: `${s.sessionId}\nowner ${s.owner}` }, short(s.sessionId)),
        el("td", { class: s.state === "open" ? "ok" : "muted", title: s.closedReason }, s.state),
        el("td", {}, `${s.steps}${s.failedSteps ? ` (${s.failedSteps} failed)` : ""}`),
        el("td", {}, pct(s.errorRate)),
        el("td", {}, `${ms(s.p50Ms)} / ${ms(s.p95Ms)} / ${ms(s.p99Ms)}`),
        el("td", {}, s.fuelPerSecond.toFixed(0)),
        el("td", {}, `${pad(s.spentWei)} / ${pad(s.depositWei)}`),
        el(
          "td",
          {},
          ...s.leases.map((l) =>
            el(
              "div",
              { class: "lease", title: `lease ${l.leaseId}\n${l.reason}` },
              `${l.role} → ${short(l.peerId)} · ${l.state}`,
            ),
          ),
        ),
      ),
    ),
  );
}

function renderSettlement(s) {
  const rows = [
    ["PAD escrowed", pad(s.escrowedWei)],
    ["PAD earned (receipts)", pad(s.spentWei)],
    ["PAD claimed", pad(s.claimedWei)],
    ["receipts attested", s.attested],
    ["mismatches (slash candidates)", s.mismatches],
  ];
  $("#settlement").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function renderGovernance(g) {
  $("#gov-block").textContent = `block ${g.blockNumber}`;
  fill(
    $("#params tbody"),
    g.params.map((p) =>
      el("tr", {}, el("td", { class: "mono" }, p.name), el("td", { class: "mono" }, p.value)),
    ),
  );
  fill(
    $("#param-history tbody"),
    g.history.length
      ? g.history.map((h) =>
          el(
            "tr",
            {},
            el("td", {}, time(h.atMs)),
            el("td", {}, h.block),
            el("td", { class: "mono" }, h.name),
            el("td", { class: "mono" }, `${h.old ?? "unset"} → ${h.new}`),
          ),
        )
      : [el("tr", {}, el("td", { class: "muted" }, "no change since the scheduler started"))],
  );
}

function renderReceipts(receipts) {
  fill(
    $("#receipts tbody"),
    receipts
      .slice(0, 40)
      .map((r) =>
        el(
          "tr",
          { "data-verification": r.verification },
          el("td", {}, r.sequence),
          el("td", { class: "mono" }, short(r.sessionId)),
          el("td", {}, r.role),
          el("td", { class: "mono" }, short(r.operator)),
          el("td", {}, r.fuelUsed),
          el("td", {}, (BigInt(r.fuelUsed) * BigInt(r.pricePerFuel)).toString()),
          el("td", { class: r.status === "ok" ? "ok" : "bad" }, r.status),
          el("td", { class: r.verification === "mismatch" ? "bad" : "ok" }, r.verification),
          el("td", { class: "mono", title: r.receiptHash }, short(r.receiptHash)),
        ),
      ),
  );
}

let selectedTrace;
async function showTrace(traceId) {
  selectedTrace = traceId;
  const res = await fetch(`/api/traces/${traceId}`);
  const view = $("#trace-view");
  if (!res.ok) {
    view.replaceChildren(el("p", { class: "bad" }, `trace ${traceId}: ${(await res.json()).error}`));
    return;
  }
  const { spans } = await res.json();
  const t0 = Math.min(...spans.map((s) => s.startMs));
  const t1 = Math.max(...spans.map((s) => s.endMs));
  const total = Math.max(t1 - t0, 1);
  const depth = new Map();
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depthOf = (s) => {
    if (depth.has(s.spanId)) return depth.get(s.spanId);
    const p = s.parentSpanId && byId.get(s.parentSpanId);
    const d = p ? depthOf(p) + 1 : 0;
    depth.set(s.spanId, d);
    return d;
  };
  view.replaceChildren(
    el("h3", {}, `trace ${traceId} · ${spans.length} spans · ${total} ms`),
    ...spans.map((s) => {
      const attrs = Object.entries(s.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
      return el(
        "div",
        { class: "span-row", "data-span": s.name, title: `${attrs}${s.message ? `\n${s.message}` : ""}` },
        el(
          "div",
          { class: "name", style: `padding-left:${depthOf(s) * 12}px` },
          `${s.service} · ${s.name} (${s.endMs - s.startMs} ms)`,
        ),
        el(
          "div",
          { class: "bar" },
          el("span", {
            class: s.status === "error" ? "error" : "",
            style: `left:${((s.startMs - t0) / total) * 100}%;width:${Math.max(((s.endMs - s.startMs) / total) * 100, 0.5)}%`,
          }),
        ),
      );
    }),
  );
}

function renderTraces(traces) {
  fill(
    $("#traces tbody"),
    traces.map((t) =>
      el(
        "tr",
        { class: "clickable", "data-trace": t.traceId, onclick: () => showTrace(t.traceId) },
        el("td", { class: "mono" }, short(t.traceId)),
        el("td", {}, t.name),
        el("td", {}, t.services.join(", ")),
        el("td", {}, t.spans),
        el("td", {}, t.endMs - t.startMs),
        el("td", { class: t.errors ? "bad" : "" }, t.errors),
      ),
    ),
  );
  if (!selectedTrace && traces.length) showTrace(traces[0].traceId);
}

function render(snap) {
  $("#sched").textContent =
    `peer ${short(snap.scheduler.peerId)} · gRPC ${snap.scheduler.grpc} · ${snap.scheduler.metrics}`;
  renderAlarms(snap.alarms);
  renderLatency(snap.latency);
  renderNodes(snap.nodes);
  renderSessions(snap);
  renderSettlement(snap.settlement);
  renderGovernance(snap.governance);
  renderReceipts(snap.receipts);
  renderTraces(snap.traces);
  document.body.dataset.updatedAt = String(snap.nowMs);
}

function connect() {
  const conn = $("#conn");
  const source = new EventSource("/api/events");
  source.addEventListener("open", () => {
    conn.textContent = "live";
    conn.className = "pill up";
    conn.dataset.state = "live";
  });
  source.addEventListener("error", () => {
    conn.textContent = "reconnecting…";
    conn.className = "pill down";
    conn.dataset.state = "reconnecting";
  });
  source.addEventListener("snapshot", (e) => {
    try {
      render(JSON.parse(e.data));
    } catch (err) {
      console.error("dashboard render failed", err);
    }
  });
}

connect();
