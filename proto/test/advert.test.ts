import fc from "fast-check";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  createKeySigner,
  encodeMessage,
  GossipValidationError,
  type MeshDomain,
  ResourceAdvert,
  signAdvert,
  validateAdvertBytes,
} from "../src/index.js";
import * as arb from "./arbitraries.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};
const signer = createKeySigner(generatePrivateKey());
const NOW = 1_800_000_000_000;

/** A valid advert for NOW, built from a random one. */
async function validAdvert(base: ResourceAdvert): Promise<ResourceAdvert> {
  const d = base.descriptor!;
  return signAdvert(
    domain,
    {
      ...base,
      free: {
        cpuMillis: d.cpuCores * 500,
        ramBytes: d.ramBytes / 2n,
        vramBytes: 0n,
        gpus: 1,
        leaseSlots: 4,
      },
      issuedAtMs: BigInt(NOW - 1000),
      expiresAtMs: BigInt(NOW + 30_000),
      sequence: 10n,
    },
    signer,
  );
}

async function outcome(advert: ResourceAdvert, ctx: Partial<Parameters<typeof validateAdvertBytes>[1]> = {}) {
  try {
    await validateAdvertBytes(encodeMessage(ResourceAdvert, advert), { domain, nowMs: NOW, ...ctx });
    return "ACCEPT";
  } catch (err) {
    expect(err).toBeInstanceOf(GossipValidationError);
    return (err as GossipValidationError).action;
  }
}

describe("advert validation", () => {
  it("accepts a fresh, signed, sane advert", async () => {
    await fc.assert(
      fc.asyncProperty(arb.advert, async (a) => {
        expect(await outcome(await validAdvert(a))).toBe("ACCEPT");
      }),
      { numRuns: 50 },
    );
  });

  it("ignores a stale or repeated sequence number", async () => {
    await fc.assert(
      fc.asyncProperty(arb.advert, fc.bigInt({ min: 10n, max: 1000n }), async (a, latest) => {
        expect(await outcome(await validAdvert(a), { latestSequence: latest })).toBe("IGNORE");
      }),
      { numRuns: 30 },
    );
  });

  it("rejects expired and future-dated adverts", async () => {
    await fc.assert(
      fc.asyncProperty(arb.advert, fc.integer({ min: 1, max: 10_000_000 }), async (a, delta) => {
        const good = await validAdvert(a);
        const expired = await signAdvert(
          domain,
          { ...good, issuedAtMs: BigInt(NOW - delta - 1000), expiresAtMs: BigInt(NOW - delta + 1) },
          signer,
        );
        expect(await outcome(expired, { nowMs: NOW + 1 })).toBe("REJECT");
        const future = await signAdvert(
          domain,
          { ...good, issuedAtMs: BigInt(NOW + 31_000 + delta), expiresAtMs: BigInt(NOW + 60_000 + delta) },
          signer,
        );
        expect(await outcome(future)).toBe("REJECT");
      }),
      { numRuns: 30 },
    );
  });

  it("rejects a bad signature, an edited body, and out-of-range values", async () => {
    const good = await validAdvert(fc.sample(arb.advert, 1)[0]!);
    const sig = Uint8Array.from(good.signature);
    sig[3] = (sig[3] as number) ^ 0xff;
    expect(await outcome({ ...good, signature: sig })).toBe("REJECT");
    expect(await outcome({ ...good, free: { ...good.free!, leaseSlots: 99 } })).toBe("REJECT");
    const huge = await signAdvert(
      domain,
      { ...good, descriptor: { ...good.descriptor!, cpuCores: 1_000_000 } },
      signer,
    );
    expect(await outcome(huge)).toBe("REJECT");
  });

  it("rejects an unstaked operator and garbage bytes", async () => {
    const good = await validAdvert(fc.sample(arb.advert, 1)[0]!);
    expect(await outcome(good, { isStaked: () => false })).toBe("REJECT");
    await expect(validateAdvertBytes(Uint8Array.from([0xff, 0xff]), { domain, nowMs: NOW })).rejects.toThrow(
      GossipValidationError,
    );
  });
});
