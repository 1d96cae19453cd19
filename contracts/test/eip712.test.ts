/**
 * The contracts hash exactly what @padmesh/proto hashes: typehashes, domain separator, and
 * the digests of Receipt, Voucher and Attestation.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  domainSeparator,
  EIP712_TYPE_STRINGS,
  hashAttestation,
  hashReceipt,
  hashVoucher,
  StepStatus,
  typeHash,
} from "@padmesh/proto";
import { keccak256, stringToBytes } from "viem";
import { sessionEscrowAbi } from "../ts/index.js";
import {
  attestationArg,
  createMesh,
  hex,
  id32,
  type Mesh,
  makeReceipt,
  receiptArg,
  voucherArg,
} from "./helpers/mesh.js";

describe("EIP-712 parity with @padmesh/proto", () => {
  let m: Mesh;
  before(async () => {
    m = await createMesh();
  });
  const read = (functionName: string, args: readonly unknown[] = []) =>
    m.publicClient.readContract({
      address: m.c.sessionEscrow,
      abi: sessionEscrowAbi,
      functionName,
      args,
    } as never);

  it("type strings hash to the proto typehashes", () => {
    for (const name of ["Receipt", "Voucher", "Attestation"] as const) {
      assert.equal(keccak256(stringToBytes(EIP712_TYPE_STRINGS[name])), hex(typeHash(name)));
    }
  });

  it("domain separator matches", async () => {
    assert.equal(await read("domainSeparator"), hex(domainSeparator(m.domain)));
    const eip712 = (await m.publicClient.readContract({
      address: m.c.sessionEscrow,
      abi: sessionEscrowAbi,
      functionName: "eip712Domain",
    })) as readonly unknown[];
    assert.equal(eip712[1], "PadMesh");
    assert.equal(eip712[2], "1");
  });

  it("receipt, voucher and attestation digests match", async () => {
    for (let i = 0n; i < 5n; i++) {
      const r = {
        ...makeReceipt(id32(`s${i}`), id32(`l${i}`), i * 977n, `salt${i}`),
        status: Number(i % 3n) as StepStatus,
      };
      assert.equal(await read("hashReceipt", [receiptArg(r)]), hex(hashReceipt(m.domain, r)));
      const v = {
        sessionId: id32(`s${i}`),
        leaseId: id32(`l${i}`),
        operator: m.deployer.account.address,
        cumulativeAmount: (12345678901234567890n * (i + 1n)).toString(),
        lastReceiptHash: id32(`h${i}`),
        receiptCount: 1000n + i,
        signature: new Uint8Array(0),
      };
      assert.equal(await read("hashVoucher", [voucherArg(v)]), hex(hashVoucher(m.domain, v)));
      const a = {
        receiptHash: hashReceipt(m.domain, r),
        sessionId: r.sessionId,
        leaseId: r.leaseId,
        sequence: r.sequence,
        outputHash: id32(`o${i}`),
        stateRootAfter: id32(`a${i}`),
        fuelUsed: 99n + i,
        status: StepStatus.STEP_STATUS_TRAP,
        mismatch: i % 2n === 0n,
        verifier: "",
        signature: new Uint8Array(0),
      };
      assert.equal(await read("hashAttestation", [attestationArg(a)]), hex(hashAttestation(m.domain, a)));
    }
  });
});
