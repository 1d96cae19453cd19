/**
 * The dashboard in a real browser against a real devnet (chain, contracts, scheduler and workers
 * as processes): the page is loaded before the demo session starts, and nodes, the session, its
 * receipts and a latency chart with data must then appear live (SSE, no reload). A screenshot is
 * saved under test-results/dashboard/ (gitignored).
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it: .ci/needs-chromium). Without it the
 * browser test is SKIPPED and says so; it never passes silently.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Devnet, projectClient, runDemo, startDevnet } from "@padmesh/operators";
import { createSpanStore, createTracer, type SpanRecord, toHex } from "@padmesh/proto";
import { loadSampleAgent, sampleRiskInput } from "@padmesh/runtime";
import { closeSession, createSession, openSession, submitStep, watchSession } from "@padmesh/sdk";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = join(import.meta.dirname, "../../test-results/dashboard");
if (!hasChromium) {
  console.warn(
    `SKIPPED dashboard browser test: ${CHROMIUM} not found (apt-get install -y chromium; CI does it via .ci/needs-chromium)`,
  );
}

describe("dashboard against a devnet", () => {
  let net: Devnet;
  let url: string;
  // An OTLP/HTTP collector: the scheduler is started with PADMESH_SCHEDULER_OTLP_ENDPOINT pointing here.
  let otlp: Server;
  const exported: { traceId: string; name: string; service: string; lease: string }[] = [];

  beforeAll(async () => {
    otlp = createServer(async (req, res) => {
      let text = "";
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text) as {
        resourceSpans: {
          resource: { attributes: { value: { stringValue: string } }[] };
          scopeSpans: {
            spans: {
              traceId: string;
              name: string;
              attributes: { key: string; value: { stringValue?: string } }[];
            }[];
          }[];
        }[];
      };
      for (const r of body.resourceSpans) {
        const service = r.resource.attributes[0]?.value.stringValue ?? "";
        for (const ss of r.scopeSpans)
          for (const x of ss.spans) {
            const lease = x.attributes.find((a) => a.key === "lease")?.value.stringValue ?? "";
            exported.push({ traceId: x.traceId, name: x.name, service, lease });
          }
      }
      res.writeHead(200).end("{}");
    });
    await new Promise<void>((r) => otlp.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(otlp.address() as AddressInfo).port}/v1/traces`;
    process.env.PADMESH_SCHEDULER_OTLP_ENDPOINT = endpoint;
    process.env.PADMESH_NODE_OTLP_ENDPOINT = endpoint;
    const dataDir = mkdtempSync(join(tmpdir(), "padmesh-dashboard-"));
    net = await startDevnet({
      dataDir,
      basePort: 23_645,
      logLevel: "warn",
      workers: [
        { name: "worker-1", roles: ["compute", "execution", "coordination"], pricePerFuel: 1_000n },
        { name: "worker-2", roles: ["compute", "execution", "coordination"], pricePerFuel: 1_200n },
        { name: "verifier-1", roles: ["verification"], pricePerFuel: 500n },
      ],
      params: { "rate.stepsPerSecond": 100_000n },
    });
    url = String(net.scheduler.process.ready.dashboard ?? "");
  }, 180_000);

  afterAll(async () => {
    await net?.stop();
    if (net) rmSync(net.dataDir, { recursive: true, force: true });
    otlp?.closeAllConnections();
    await new Promise((r) => otlp?.close(r));
  });

  it("the scheduler's ready line carries a loopback dashboard URL", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  describe.skipIf(!hasChromium)(
    `in a browser${hasChromium ? "" : ` (SKIPPED: ${CHROMIUM} not found)`}`,
    () => {
      let browser: Browser;

      beforeAll(async () => {
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
          ],
        });
      }, 60_000);

      afterAll(async () => {
        await browser?.close();
      });

      it("shows nodes, the demo session, receipts and a latency chart, live", async () => {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(url);
        await page.waitForSelector('#conn[data-state="live"]');
        // Nodes come from gossiped adverts, before any session.
        await page.waitForFunction('document.querySelectorAll("#nodes tbody tr").length >= 3', undefined, {
          timeout: 30_000,
        });
        expect(await page.locator("#sessions tbody tr").count()).toBe(0);

        // Run the demo with the page open: everything below must arrive over SSE, with no reload.
        const result = await runDemo(net, {
          steps: 30,
          concurrency: 4,
          positions: 20,
          depositPad: 1_000n,
          maxPricePerFuel: 10_000n,
        });
        expect(result.stepsFailed).toBe(0);

        const session = page.locator(`#sessions tbody tr[data-session="${result.sessionId.toLowerCase()}"]`);
        await session.waitFor({ timeout: 15_000 });
        await page.waitForFunction(
          'Number(document.querySelector("#latency-chart").getAttribute("data-points")) >= 30',
          undefined,
          { timeout: 15_000 },
        );
        expect(await page.locator("#latency-chart canvas").count()).toBeGreaterThan(0);
        expect(await page.locator("#receipts tbody tr").count()).toBeGreaterThan(0);
        expect(await page.locator("#receipts tbody tr td").nth(7).textContent()).toMatch(
          /signature-ok|attested|mismatch/,
        );
        // The session shows its leases and steps; the mesh rows show the nodes' descriptors.
        expect(await session.textContent()).toMatch(/compute/);
        expect(await session.locator("td").nth(2).textContent()).toMatch(/^30/);
        expect(await page.locator("#params tbody tr").count()).toBeGreaterThan(5);
        // Governance history is read from the chain: the deployment set every parameter.
        expect(await page.locator("#param-history tbody tr").count()).toBeGreaterThan(5);
        expect(await page.locator("#param-history tbody").textContent()).toContain("weight.price");
        expect(await page.locator("#nodes tbody").textContent()).toMatch(/RAM/);
        // The page itself reports the same number of steps as the snapshot API.
        const api = (await (await fetch(`${url}api/snapshot`)).json()) as {
          sessions: { sessionId: string; steps: number }[];
        };
        expect(api.sessions.find((s) => s.sessionId === result.sessionId.toLowerCase())?.steps).toBe(30);

        // A step's trace: pick the latest step trace and see the node's spans in its waterfall.
        const stepTrace = page.locator("#traces tbody tr", { hasText: "scheduler.submit" }).first();
        await stepTrace.waitFor({ timeout: 15_000 });
        await stepTrace.click();
        await page.waitForSelector('#trace-view [data-span="node.execute"]', { timeout: 15_000 });
        expect(await page.locator("#trace-view [data-span]").count()).toBeGreaterThanOrEqual(7);

        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
        expect(errors).toEqual([]);
        await page.close();
      }, 240_000);
    },
  );

  it("one SDK step yields one trace spanning sdk, scheduler and node, readable from the scheduler", async () => {
    const client = projectClient(net);
    const sdkSpans = createSpanStore();
    const tracer = createTracer({ sinks: [sdkSpans] }, { service: "sdk" });
    try {
      const { sessionId } = await openSession(client, { deposit: 10n ** 20n, maxPricePerFuel: 10_000n });
      const { leases } = await createSession(client, {
        sessionId,
        roles: [{ role: "compute", module: await loadSampleAgent("risk") }],
      });
      const watch = watchSession(client, { sessionId, budget: 10n ** 20n, leases, tracer });
      const sent = await submitStep(client, {
        sessionId,
        input: sampleRiskInput(3, 10),
        timestampMs: 1_800_000_000_000n,
        tracer,
      });
      let fuel = -1n;
      for await (const u of watch) {
        if (u.type !== "step") continue;
        fuel = u.receipts[0]?.receipt.fuelUsed ?? -1n;
        break;
      }
      const [root] = sdkSpans.trace(sent.traceId);
      expect(root?.name).toBe("sdk.submitStep");

      // The scheduler journals the step's result before its last span ends: poll briefly.
      let spans: SpanRecord[] = [];
      for (let i = 0; i < 50 && !spans.some((x) => x.name === "scheduler.step"); i++) {
        const res = await fetch(`${url}api/traces/${sent.traceId}`);
        if (res.ok) spans = ((await res.json()) as { spans: SpanRecord[] }).spans;
        else await new Promise((r) => setTimeout(r, 100));
      }
      const names = spans.map((x) => `${x.service}:${x.name}`).sort();
      expect(names).toEqual(
        expect.arrayContaining([
          "node:node.execute",
          "node:node.receipt.journal_sign",
          "node:node.step",
          "scheduler:scheduler.lease.step",
          "scheduler:scheduler.receipts.journal",
          "scheduler:scheduler.step",
          "scheduler:scheduler.submit",
        ]),
      );
      // One tree: every span is in this trace, and its parent is another of its spans or the SDK's.
      const ids = new Set([root?.spanId, ...spans.map((x) => x.spanId)]);
      for (const x of spans) {
        expect(x.traceId).toBe(sent.traceId);
        expect(ids.has(x.parentSpanId)).toBe(true);
      }
      expect(spans.find((x) => x.name === "scheduler.submit")?.parentSpanId).toBe(root?.spanId);
      // The node's execution span carries the fuel its receipt charged.
      expect(spans.find((x) => x.name === "node.execute")?.attributes["fuel.used"]).toBe(fuel.toString());

      // The SDK traces the voucher it countersigns for the step's receipt.
      await watch.flushVouchers();
      expect(sdkSpans.recent(10).map((t) => t.name)).toContain("sdk.voucher");

      // The same trace reached the OTLP collector, the node's spans under their own service name.
      await vi.waitFor(
        () => {
          const mine = exported.filter((x) => x.traceId === sent.traceId);
          expect(mine.map((x) => `${x.service}:${x.name}`)).toEqual(
            expect.arrayContaining(["padmesh-node:node.execute", "padmesh-scheduler:scheduler.step"]),
          );
        },
        { timeout: 10_000, interval: 200 },
      );

      // Closing the session ends the lease: the node claims its voucher on-chain, traced as node.claim.
      await closeSession(client, { sessionId });
      const leaseHex = toHex(leases[0]?.leaseId ?? new Uint8Array(0));
      await vi.waitFor(
        () =>
          expect(exported.filter((x) => x.lease === leaseHex).map((x) => `${x.service}:${x.name}`)).toContain(
            "padmesh-node:node.claim",
          ),
        { timeout: 30_000, interval: 250 },
      );
    } finally {
      client.close();
    }
  }, 120_000);
});
