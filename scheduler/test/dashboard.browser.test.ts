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
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Devnet, runDemo, startDevnet } from "@padmesh/operators";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = join(import.meta.dirname, "../../test-results/dashboard");
if (!hasChromium) {
  console.warn(
    `SKIPPED dashboard browser test: ${CHROMIUM} not found (apt-get install -y chromium; CI does it via .ci/needs-chromium)`,
  );
}

describe.skipIf(!hasChromium)(
  `dashboard in a browser${hasChromium ? "" : ` (SKIPPED: ${CHROMIUM} not found)`}`,
  () => {
    let net: Devnet;
    let browser: Browser;
    let url: string;

    beforeAll(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "padmesh-dashboard-"));
      net = await startDevnet({
        dataDir,
        basePort: 23_645,
        logLevel: "warn",
        workers: [
          { name: "worker-1", roles: ["compute", "execution"], pricePerFuel: 1_000n },
          { name: "worker-2", roles: ["compute", "execution"], pricePerFuel: 1_200n },
          { name: "verifier-1", roles: ["verification"], pricePerFuel: 500n },
        ],
        params: { "rate.stepsPerSecond": 100_000n },
      });
      url = String(net.scheduler.process.ready.dashboard ?? "");
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
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await net?.stop();
      if (net) rmSync(net.dataDir, { recursive: true, force: true });
    });

    it("the scheduler's ready line carries a loopback dashboard URL", () => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
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
      expect(await page.locator("#nodes tbody").textContent()).toMatch(/RAM/);
      // The page itself reports the same number of steps as the snapshot API.
      const api = (await (await fetch(`${url}api/snapshot`)).json()) as {
        sessions: { sessionId: string; steps: number }[];
      };
      expect(api.sessions.find((s) => s.sessionId === result.sessionId.toLowerCase())?.steps).toBe(30);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 240_000);
  },
);
