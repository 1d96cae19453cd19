import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  createKeySigner,
  NonceWindow,
  signRequest,
  UnauthenticatedError,
  verifyRequest,
} from "../src/index.js";

const owner = createKeySigner(generatePrivateKey());
const body = new TextEncoder().encode("create-session");
const NOW = 1_800_000_000_000;

describe("request auth", () => {
  it("verifies, then refuses a replay", async () => {
    const nonces = new NonceWindow();
    const auth = await signRequest("CreateSession", body, owner, NOW);
    await expect(verifyRequest("CreateSession", body, auth, { nowMs: NOW, nonces })).resolves.toBe(
      owner.address,
    );
    await expect(verifyRequest("CreateSession", body, auth, { nowMs: NOW, nonces })).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it("refuses missing, expired, other-method and other-body signatures", async () => {
    const auth = await signRequest("CreateSession", body, owner, NOW);
    await expect(verifyRequest("CreateSession", body, undefined, { nowMs: NOW })).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(verifyRequest("CreateSession", body, auth, { nowMs: NOW + 10 * 60_000 })).rejects.toThrow(
      "expired",
    );
    await expect(verifyRequest("CloseSession", body, auth, { nowMs: NOW })).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(verifyRequest("CreateSession", new Uint8Array([1]), auth, { nowMs: NOW })).rejects.toThrow(
      UnauthenticatedError,
    );
  });
});
