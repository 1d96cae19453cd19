/**
 * `padmesh verify <receipt-file>`: real steps of a sample agent run by the runtime, receipts signed
 * by an operator key and written as JSON and as protobuf; verify re-executes them field by field,
 * checks the signature and the lease's hash chain, and reports honestly what it could not check.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeDeployment } from "@padmesh/contracts";
import {
  createKeySigner,
  encodeMessage,
  hashReceipt,
  type MeshDomain,
  type Receipt,
  Receipt as ReceiptCodec,
  Role,
  signReceipt,
  toHex,
} from "@padmesh/proto";
import {
  EMPTY_STATE_ROOT,
  executeStep,
  inputHash,
  loadModule,
  loadSampleAgent,
  moduleHash,
  outputHash,
  SessionState,
  sampleTwapInput,
} from "@padmesh/runtime";
import { getAddress, keccak256, stringToBytes } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliArgumentError } from "../src/chain/index.js";
import { checkReceipts } from "../src/cmds/verify/check.js";
import { verifyHandler } from "../src/cmds/verify/handler.js";
import { receiptToJson } from "../src/cmds/verify/receipt-json.js";
import { captureStdout } from "./cli-fixture.js";

const OPERATOR_KEY = keccak256(stringToBytes("padmesh-cli-test:verify-operator"));
const ESCROW = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");

describe("padmesh verify <receipt>", () => {
  let dir: string;
  let deploymentPath: string;
  let domain: MeshDomain;
  let wasm: Uint8Array;
  const files: Record<string, string> = {};
  const receipts: Receipt[] = [];
  const signer = createKeySigner(OPERATOR_KEY);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-verify-"));
    domain = { chainId: 31337n, verifyingContract: ESCROW };
    deploymentPath = await writeDeployment(dir, {
      chainId: 31337,
      contracts: {
        padToken: ESCROW,
        meshParams: ESCROW,
        operatorRegistry: ESCROW,
        sessionEscrow: ESCROW,
        timelock: ESCROW,
        governor: ESCROW,
      },
      deployedAtBlock: 1n,
    });
    wasm = await loadSampleAgent("twap");
    const agent = await loadModule(wasm);
    // Two consecutive steps of one lease: the second starts from the first's state.
    let state = new SessionState();
    let prev: Uint8Array = new Uint8Array(32);
    for (const seq of [1n, 2n]) {
      const input = sampleTwapInput(Number(seq));
      const before = state.snapshot();
      const ctx = { sequence: seq, timestampMs: 1_700_000_000_000n + seq };
      const outcome = await executeStep(agent, input, state, ctx);
      const r = await signReceipt(
        domain,
        {
          sessionId: stringBytes("session-1"),
          leaseId: stringBytes("lease-1"),
          role: Role.ROLE_COMPUTE,
          sequence: seq,
          moduleHash: moduleHash(wasm),
          inputHash: inputHash(input),
          outputHash: outputHash(outcome.output),
          stateRootBefore: outcome.stateRootBefore,
          stateRootAfter: outcome.stateRootAfter,
          fuelUsed: outcome.fuelUsed,
          pricePerFuel: 1000n,
          prevReceiptHash: prev,
          timestampMs: ctx.timestampMs,
          status: outcome.status,
          operator: signer.address,
          signature: new Uint8Array(0),
        },
        signer,
      );
      receipts.push(r);
      prev = hashReceipt(domain, r);
      files[`input${seq}`] = join(dir, `input-${seq}.bin`);
      files[`state${seq}`] = join(dir, `state-${seq}.snapshot`);
      await writeFile(files[`input${seq}`]!, input);
      await writeFile(files[`state${seq}`]!, before);
      state = outcome.state;
    }
    files.module = join(dir, "twap.wasm");
    await writeFile(files.module, wasm);
    files.json1 = join(dir, "receipt-1.json");
    await writeFile(files.json1, JSON.stringify(receiptToJson(receipts[0]!), null, 2));
    files.proto2 = join(dir, "receipt-2.pb");
    await writeFile(files.proto2, encodeMessage(ReceiptCodec, receipts[1]!));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const base = () => ({ scheduler: "127.0.0.1:1", deployment: deploymentPath, limit: "10", json: true });

  it("re-executes a JSON receipt from empty state: signature ok, every field matches", async () => {
    const { result, stdout } = await captureStdout(() =>
      verifyHandler(files.json1!, { ...base(), module: files.module!, input: files.input1! }),
    );
    expect(result.mode).toBe("receipt");
    expect(result.receipts[0]).toMatchObject({
      signature: "ok",
      chain: "ok",
      reexecution: "ok",
      verdict: "verified",
    });
    expect(result.verified).toBe(1);
    const printed = JSON.parse(stdout.trim());
    expect(printed.receipts[0].verdict).toBe("verified");
    expect(printed.receipts[0].sequence).toBe("1");
  });

  it("re-executes a protobuf receipt from its --state snapshot, and refuses to guess without it", async () => {
    expect(toHex(receipts[1]!.stateRootBefore)).not.toBe(toHex(EMPTY_STATE_ROOT));
    const ok = await captureStdout(() =>
      verifyHandler(files.proto2!, {
        ...base(),
        module: files.module!,
        input: files.input2!,
        state: files.state2!,
      }),
    );
    expect(ok.result.receipts[0]?.verdict).toBe("verified");

    const noState = await captureStdout(() =>
      verifyHandler(files.proto2!, { ...base(), module: files.module!, input: files.input2! }),
    );
    expect(noState.result.receipts[0]).toMatchObject({ reexecution: "unchecked", verdict: "unverified" });
    expect(noState.result.receipts[0]?.notes.join(" ")).toMatch(/pass --state/);
  });

  it("reports a signed receipt whose output is wrong as a mismatch, naming the field", async () => {
    const forged = await signReceipt(
      domain,
      { ...receipts[0]!, outputHash: new Uint8Array(32).fill(7), signature: new Uint8Array(0) },
      signer,
    );
    const path = join(dir, "forged.json");
    await writeFile(path, JSON.stringify(receiptToJson(forged)));
    const { result } = await captureStdout(() =>
      verifyHandler(path, { ...base(), module: files.module!, input: files.input1! }),
    );
    const v = result.receipts[0]!;
    expect(v.signature).toBe("ok");
    expect(v.verdict).toBe("mismatch");
    expect(v.mismatches.map((m) => m.field)).toEqual(["outputHash"]);
    expect(result.mismatched).toBe(1);
  });

  it("catches a receipt altered after signing, and a different input", async () => {
    const altered = { ...receipts[0]!, fuelUsed: receipts[0]!.fuelUsed + 1n };
    const path = join(dir, "altered.pb");
    await writeFile(path, encodeMessage(ReceiptCodec, altered));
    const { result } = await captureStdout(() =>
      verifyHandler(path, { ...base(), module: files.module!, input: files.input1! }),
    );
    expect(result.receipts[0]?.signature).toBe("failed");
    expect(result.receipts[0]?.verdict).toBe("mismatch");

    const wrongInput = await captureStdout(() =>
      verifyHandler(files.json1!, { ...base(), module: files.module!, input: files.input2! }),
    );
    expect(wrongInput.result.receipts[0]?.mismatches.map((m) => m.field)).toContain("inputHash");
  });

  it("checks hash chains per lease: a gap or a wrong link fails", async () => {
    const noMaterial = () => ({ unavailable: "test" });
    const ok = await checkReceipts([receipts[1]!, receipts[0]!], { domain, material: noMaterial });
    expect(ok.map((v) => v.chain)).toEqual(["ok", "ok"]);
    const relinked = await signReceipt(
      domain,
      { ...receipts[1]!, prevReceiptHash: new Uint8Array(32).fill(1), signature: new Uint8Array(0) },
      signer,
    );
    const broken = await checkReceipts([receipts[0]!, relinked], { domain, material: noMaterial });
    expect(broken[1]?.chain).toBe("failed");
    expect(broken[1]?.verdict).toBe("mismatch");
  });

  it("says what is missing: no deployment, no module/input, not a receipt", async () => {
    const { result } = await captureStdout(() =>
      verifyHandler(files.json1!, { scheduler: "127.0.0.1:1", limit: "10", json: true }),
    );
    expect(result.receipts[0]).toMatchObject({
      signature: "unchecked",
      reexecution: "unchecked",
      verdict: "unverified",
    });
    expect(result.receipts[0]?.notes.join(" ")).toMatch(/pass --deployment/);
    expect(result.receipts[0]?.notes.join(" ")).toMatch(/pass --module <wasm> and --input/);

    await expect(verifyHandler(files.module!, base())).rejects.toBeInstanceOf(CliArgumentError);
    await expect(verifyHandler(files.input1!, base())).rejects.toThrow(/not a valid receipt/);
    await expect(verifyHandler(join(dir, "missing.json"), base())).rejects.toThrow(
      /neither a receipt file nor a session id/,
    );
    await expect(
      verifyHandler(toHex(stringBytes("s")), { scheduler: "127.0.0.1:1", limit: "10", json: true }),
    ).rejects.toThrow(/pass --deployment/);
  });
});

function stringBytes(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(keccak256(stringToBytes(s)).slice(2), "hex"));
}
