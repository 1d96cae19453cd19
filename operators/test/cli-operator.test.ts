/**
 * `padmesh operator ...` against a real chain (Hardhat node over HTTP): register with the node's
 * peer id, stake, unstake and withdraw after the unbonding period, status, claim/finalize of a
 * voucher-claimed lease, and the errors that tell the user what to do.
 */
import { join } from "node:path";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { padTokenAbi, sessionEscrowAbi } from "@padmesh/contracts";
import { createKeySigner, loadOrCreatePeerKey, signVoucher, toHex } from "@padmesh/proto";
import { type Hex, hexToBytes, keccak256, stringToBytes } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ChainOptionError,
  ChainTxError,
  CliArgumentError,
  DeploymentNotFoundError,
} from "../src/chain/index.js";
import { claimHandler } from "../src/cmds/operator/claim.js";
import { registerHandler } from "../src/cmds/operator/register.js";
import { stakeHandler } from "../src/cmds/operator/stake.js";
import { statusHandler } from "../src/cmds/operator/status.js";
import { unstakeHandler } from "../src/cmds/operator/unstake.js";
import { type CliChain, captureStdout, PAD, startCliChain, type TestAccount } from "./cli-fixture.js";

describe("padmesh operator", () => {
  let c: CliChain;
  let op: TestAccount;

  beforeAll(async () => {
    c = await startCliChain();
    op = await c.account("operator-1", 1_000n * PAD);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it("registers with the peer id of the node's data dir and prints one JSON object", async () => {
    const dataDir = join(c.dir, "node-1");
    const { result, stdout } = await captureStdout(() =>
      registerHandler({ ...c.opts(op), stake: "150", roles: "compute,execution", dataDir }),
    );
    const expectedPeer = peerIdFromPrivateKey(
      await loadOrCreatePeerKey(join(dataDir, "peer.key")),
    ).toString();
    expect(result.peerId).toBe(expectedPeer);
    expect(result.roles).toEqual(["compute", "execution"]);
    const printed = JSON.parse(stdout.trim());
    expect(printed).toMatchObject({
      operator: op.address,
      peerId: expectedPeer,
      stake: (150n * PAD).toString(),
    });
    expect(stdout).not.toContain(op.key.slice(2));

    const { result: s } = await captureStdout(() => statusHandler({ ...c.opts(), address: op.address }));
    expect(s.registered).toBe(true);
    expect(s.peerId).toBe(expectedPeer);
    expect(s.bonded).toBe(150n * PAD);
    expect(s.rolesBitmask).toBe(3);
    expect(s.activeOperator).toBe(true);
    expect(s.activeVerifier).toBe(false);
    expect(s.padBalance).toBe(850n * PAD);
  });

  it("refuses a second registration with the decoded revert and what to do", async () => {
    const err = await captureStdout(() =>
      registerHandler({ ...c.opts(op), stake: "150", roles: "compute", peerId: "12D3KooWother" }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainTxError);
    expect((err as ChainTxError).reason).toMatch(/^OperatorRegistryAlreadyRegistered/);
    expect((err as ChainTxError).hint).toMatch(/padmesh operator stake/);
    expect((err as ChainTxError).shortMessage).toMatch(/use `padmesh operator stake`/);
  });

  it("adds stake, unbonds, refuses an early withdrawal, withdraws after the unbonding period", async () => {
    const { result: staked } = await captureStdout(() => stakeHandler("50", c.opts(op)));
    expect(staked.bonded).toBe(200n * PAD);

    const { result: unb } = await captureStdout(() =>
      unstakeHandler("80", { ...c.opts(op), withdraw: false }),
    );
    expect(unb.bonded).toBe(120n * PAD);
    expect(unb.unbonding).toBe(80n * PAD);
    expect(unb.unbondReadyAt).toBeGreaterThan(0n);

    const early = await captureStdout(() =>
      unstakeHandler(undefined, { ...c.opts(op), withdraw: true }),
    ).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ChainTxError);
    expect((early as ChainTxError).reason).toMatch(/^80 PAD is unbonding until \d{4}-/);

    await c.chain.advanceTime(121); // DEVNET_PARAMS stake.unbondingPeriod = 120 s
    const { result: w } = await captureStdout(() =>
      unstakeHandler(undefined, { ...c.opts(op), withdraw: true }),
    );
    expect(w.withdrawn).toBe(80n * PAD);
    expect(w.unbonding).toBe(0n);
    const { result: s } = await captureStdout(() => statusHandler({ ...c.opts(op) }));
    expect(s.padBalance).toBe(880n * PAD); // 1000 - 150 - 50 + 80
    expect(s.bonded).toBe(120n * PAD);
  });

  it("finalizes a claimed lease only after its challenge window, paying cumulative less the fee", async () => {
    const owner = await c.account("project-1", 1_000n * PAD);
    const sessionKey = keccak256(stringToBytes("padmesh-cli-test:session-key"));
    const sessionSigner = createKeySigner(sessionKey);
    const sessionId = keccak256(stringToBytes("cli-claim-session"));
    const leaseId = keccak256(stringToBytes("cli-claim-lease"));
    const escrow = c.deployment.contracts.sessionEscrow;
    const ownerWallet = c.chain.walletFor(owner.key);
    const opWallet = c.chain.walletFor(op.key);
    const wait = async (hash: Hex) => {
      const r = await c.chain.publicClient.waitForTransactionReceipt({ hash });
      expect(r.status).toBe("success");
    };
    await wait(
      await ownerWallet.writeContract({
        address: c.deployment.contracts.padToken,
        abi: padTokenAbi,
        functionName: "approve",
        args: [escrow, 100n * PAD],
      }),
    );
    await wait(
      await ownerWallet.writeContract({
        address: escrow,
        abi: sessionEscrowAbi,
        functionName: "openSession",
        args: [sessionId, 100n * PAD, sessionSigner.address, 10_000n],
      }),
    );
    const domain = { chainId: BigInt(c.deployment.chainId), verifyingContract: escrow };
    const lastReceiptHash = keccak256(stringToBytes("last-receipt"));
    const voucher = await signVoucher(
      domain,
      {
        sessionId: hexToBytes(sessionId),
        leaseId: hexToBytes(leaseId),
        operator: op.address,
        cumulativeAmount: (10n * PAD).toString(),
        lastReceiptHash: hexToBytes(lastReceiptHash),
        receiptCount: 7n,
        signature: new Uint8Array(0),
      },
      sessionSigner,
    );
    await wait(
      await opWallet.writeContract({
        address: escrow,
        abi: sessionEscrowAbi,
        functionName: "claim",
        args: [
          {
            sessionId,
            leaseId,
            operator: op.address,
            cumulativeAmount: 10n * PAD,
            lastReceiptHash,
            receiptCount: 7n,
          },
          toHex(voucher.signature),
        ],
      }),
    );

    const { result: open } = await captureStdout(() => claimHandler(sessionId, { ...c.opts(op) }));
    expect(open.leases).toHaveLength(1);
    expect(open.leases[0]).toMatchObject({
      leaseId,
      state: "window-open",
      cumulative: 10n * PAD,
      receiptCount: 7n,
    });
    expect(open.finalizeTx).toBeUndefined();

    await c.chain.advanceTime(61); // DEVNET_PARAMS escrow.challengeWindow = 60 s
    const before = (await captureStdout(() => statusHandler({ ...c.opts(op) }))).result;
    const { result: done } = await captureStdout(() => claimHandler(sessionId, { ...c.opts(op) }));
    expect(done.leases[0]?.state).toBe("finalized-now");
    expect(done.leases[0]?.paid).toBe(10n * PAD - (10n * PAD * 100n) / 10_000n); // fee.protocolBps = 100
    expect(done.finalizeTx).toMatch(/^0x/);
    const after = (await captureStdout(() => statusHandler({ ...c.opts(op) }))).result;
    expect(after.padBalance - before.padBalance).toBe(done.leases[0]?.paid);
    expect(after.leasesSettled).toBe(before.leasesSettled + 1n);

    const { result: again } = await captureStdout(() => claimHandler(sessionId, { ...c.opts(op) }));
    expect(again.leases[0]?.state).toBe("finalized");
    expect(again.finalizeTx).toBeUndefined();
  });

  it("says what to do when the deployment, the key or an argument is missing", async () => {
    const noDeployment = await captureStdout(() =>
      statusHandler({ ...c.opts(), deployment: join(c.dir, "nope.json"), address: op.address }),
    ).catch((e: unknown) => e);
    expect(noDeployment).toBeInstanceOf(DeploymentNotFoundError);
    expect((noDeployment as Error).message).toMatch(/run `padmesh devnet` or pass --deployment/);

    const saved = process.env.PADMESH_OPERATOR_KEY;
    delete process.env.PADMESH_OPERATOR_KEY;
    try {
      const noKey = await captureStdout(() => stakeHandler("1", c.opts())).catch((e: unknown) => e);
      expect(noKey).toBeInstanceOf(ChainOptionError);
      expect((noKey as Error).message).toMatch(/--key-file/);
    } finally {
      if (saved !== undefined) process.env.PADMESH_OPERATOR_KEY = saved;
    }

    await expect(stakeHandler("ten", c.opts(op))).rejects.toBeInstanceOf(CliArgumentError);
    await expect(unstakeHandler(undefined, { ...c.opts(op), withdraw: false })).rejects.toBeInstanceOf(
      CliArgumentError,
    );
    await expect(
      registerHandler({ ...c.opts(op), stake: "100", roles: "compute,gpu", peerId: "x" }),
    ).rejects.toThrow(/unknown role "gpu"/);

    const poor = await c.account("operator-poor", 10n * PAD);
    const tooLittle = await captureStdout(() =>
      registerHandler({ ...c.opts(poor), stake: "50", roles: "compute", peerId: "12D3KooWpoor" }),
    ).catch((e: unknown) => e);
    expect(tooLittle).toBeInstanceOf(ChainTxError);
    expect((tooLittle as Error).message).toMatch(/holds 10 PAD, less than 50 PAD/);
  });
});
