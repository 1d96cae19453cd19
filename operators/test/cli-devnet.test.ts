/**
 * The CLI against a whole devnet (chain, scheduler and workers as processes): a compute session of
 * the risk agent runs a few steps through the SDK; `verify <session>` fetches every receipt from
 * the scheduler and checks signatures and the lease's hash chain; one of those receipts, saved as a
 * file, is re-executed by `verify <file>` and matches; `operator status` sees the worker's stake.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Receipt, toHex } from "@padmesh/proto";
import { loadSampleAgent, sampleRiskInput } from "@padmesh/runtime";
import { createSession, listNodes, openSession, submitStep, watchSession } from "@padmesh/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusHandler } from "../src/cmds/operator/status.js";
import { verifyHandler } from "../src/cmds/verify/handler.js";
import { type Devnet, startDevnet } from "../src/devnet/mesh.js";
import { projectClient } from "../src/devnet/project-client.js";
import { captureStdout } from "./cli-fixture.js";

const STEPS = 4;
const TIMESTAMP = 1_800_000_000_000n;

/** A base port with the devnet's ~30 ports above it free right now. */
async function freeBasePort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
  for (;;) {
    const base = 30_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let p = base; p < base + 30 && free; p++) free = await tryPort(p);
    if (free) return base;
  }
}

describe("padmesh verify <session> on a devnet", () => {
  let net: Devnet;
  let dataDir: string;
  let sessionId: string;
  const inputs: Uint8Array[] = [];
  const seen: Receipt[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "padmesh-cli-devnet-"));
    net = await startDevnet({
      dataDir,
      basePort: await freeBasePort(),
      logLevel: "warn",
      workers: [
        { name: "worker-1", roles: ["compute", "execution"], pricePerFuel: 1_000n },
        { name: "verifier-1", roles: ["verification"], pricePerFuel: 500n },
      ],
      params: { "rate.stepsPerSecond": 100_000n },
    });
    const client = projectClient(net);
    try {
      // Workers advertise over gossip a moment after they start: wait until the scheduler sees them.
      for (let i = 0; (await listNodes(client).catch(() => [])).length < net.workers.length; i++) {
        if (i > 600) throw new Error("the scheduler did not see every worker's advert within 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      const opened = await openSession(client, { deposit: 10n ** 20n, maxPricePerFuel: 10_000n });
      sessionId = toHex(opened.sessionId);
      const risk = await loadSampleAgent("risk");
      await writeFile(join(dataDir, "risk.wasm"), risk);
      const { leases } = await createSession(client, {
        sessionId: opened.sessionId,
        roles: [{ role: "compute", module: risk }],
      });
      const watch = watchSession(client, { sessionId: opened.sessionId, budget: 10n ** 20n, leases });
      for (let i = 0; i < STEPS; i++) {
        inputs.push(sampleRiskInput(i + 1, 20));
        await submitStep(client, { sessionId: opened.sessionId, input: inputs[i]!, timestampMs: TIMESTAMP });
      }
      for await (const u of watch) {
        if (u.type !== "step") continue;
        seen.push(...u.receipts.map((v) => v.receipt));
        if (seen.length >= STEPS) break;
      }
    } finally {
      client.close();
    }
  });
  afterAll(async () => {
    await net?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("verify <session> checks every receipt's signature and hash chain, and says none was re-executed", async () => {
    const { result } = await captureStdout(() =>
      verifyHandler(sessionId, {
        scheduler: net.scheduler.grpc,
        deployment: net.deploymentFile,
        module: join(dataDir, "risk.wasm"),
        limit: "10000",
        json: true,
      }),
    );
    expect(result.mode).toBe("session");
    expect(result.total).toBe(STEPS);
    expect(result.receipts.map((v) => v.sequence)).toEqual(seen.map((r) => r.sequence));
    expect(result.receipts.every((v) => v.signature === "ok" && v.chain === "ok")).toBe(true);
    expect(result.mismatched).toBe(0);
    expect(result.unverified).toBe(STEPS);
    expect(result.receipts[0]?.notes.join(" ")).toMatch(/no GetBlob RPC/);
    expect(result.receipts[0]?.notes.join(" ")).toMatch(/module hash matches --module/);
  });

  it("re-executes the session's first receipt, saved by --save-receipts: it matches", async () => {
    const saved = join(dataDir, "receipts");
    await captureStdout(() =>
      verifyHandler(sessionId, {
        scheduler: net.scheduler.grpc,
        deployment: net.deploymentFile,
        limit: "10000",
        saveReceipts: saved,
        json: true,
      }),
    );
    // The lease's first step ran from empty state, so its input alone re-executes it.
    const first = [...seen].sort((a, b) => (a.sequence < b.sequence ? -1 : 1))[0]!;
    const file = join(saved, `${toHex(first.leaseId).slice(2, 18)}-${first.sequence}.json`);
    expect((await readdir(saved)).length).toBe(STEPS);
    const inputFile = join(dataDir, "input-1.bin");
    await writeFile(inputFile, inputs[0]!);
    const { result } = await captureStdout(() =>
      verifyHandler(file, {
        scheduler: net.scheduler.grpc,
        deployment: net.deploymentFile,
        module: join(dataDir, "risk.wasm"),
        input: inputFile,
        limit: "1",
        json: true,
      }),
    );
    expect(result.receipts[0]).toMatchObject({ signature: "ok", reexecution: "ok", verdict: "verified" });
    expect(result.receipts[0]?.sessionId).toBe(toHex(first.sessionId));
  });

  it("operator status shows the worker's registered peer id and stake", async () => {
    const worker = net.workers[0]!;
    const opts = {
      rpcUrl: net.chain.rpcUrl,
      deployment: net.deploymentFile,
      keyFile: worker.key.file,
      json: true,
    };
    const { result: s } = await captureStdout(() => statusHandler(opts));
    expect(s.peerId).toBe(worker.peerId);
    expect(s.activeOperator).toBe(true);
    expect(s.roles).toEqual(["compute", "execution"]);
  });
});
