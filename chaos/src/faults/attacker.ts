/**
 * An attacker on the mesh: a libp2p host with the mesh's own configuration that joins the advert
 * topic and the workers' stream protocols, and a raw gRPC client that skips authentication. Each
 * method throws garbage of one kind and counts what it sent; the drill checks the mesh survives.
 */
import { credentials, type ServiceError, status } from "@grpc/grpc-js";
import { multiaddr } from "@multiformats/multiaddr";
import type { Deployment } from "@padmesh/contracts";
import { meshDomain } from "@padmesh/contracts";
import {
  ADVERT_TOPIC,
  CreateSessionRequest,
  createKeySigner,
  createMeshHost,
  encodeMessage,
  encodeVarint,
  loadOrCreatePeerKey,
  MAX_FRAME_BYTES,
  type MeshHost,
  type MessageFns,
  PROTOCOL,
  PutBlobRequest,
  ResourceAdvert,
  SchedulerClient,
  SubmitStepRequest,
  signAdvert,
  signRequest,
  WatchSessionRequest,
} from "@padmesh/proto";
import { generatePrivateKey } from "viem/accounts";

export interface AttackCounts {
  gossipGarbage: number;
  advertsTampered: number;
  advertsReplayed: number;
  advertsUnstaked: number;
  streamFrames: number;
  streamsOpened: number;
  grpcCalls: number;
  /** Unauthenticated gRPC calls the scheduler accepted (must be 0). */
  grpcAccepted: number;
  grpcCodes: Record<string, number>;
  /**
   * Calls by the answer they must get: UNAUTHENTICATED for no or a forged signature,
   * PERMISSION_DENIED for a valid signature of an account that is not the session's owner.
   */
  grpcExpected: Record<"unauthenticated" | "permissionDenied", { sent: number; answered: number }>;
  /** A few calls answered otherwise (method, what was sent, the status got). */
  grpcWrongAnswers: string[];
}

export interface Attacker {
  readonly counts: AttackCounts;
  /** Genuine adverts seen on gossip (to replay and tamper with). */
  readonly captured: Uint8Array[];
  floodGossip(messages: number): Promise<void>;
  replayAndTamper(rounds: number): Promise<void>;
  unstakedAdverts(count: number): Promise<void>;
  /** Malformed protobuf, oversized length prefixes and junk on every stream protocol of each peer. */
  fuzzStreams(targets: string[], perProtocol: number): Promise<void>;
  /** Unauthenticated or mis-signed calls; watches target `knownSessions` (real ones) half the time. */
  unauthenticatedGrpc(grpcAddress: string, calls: number, knownSessions?: Uint8Array[]): Promise<void>;
  stop(): Promise<void>;
}

const rand = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function createAttacker(init: {
  keyFile: string;
  bootstrap: string[];
  deployment: Deployment;
}): Promise<Attacker> {
  const host: MeshHost = await createMeshHost({
    privateKey: await loadOrCreatePeerKey(init.keyFile),
    listen: ["/ip4/127.0.0.1/tcp/0"],
    bootstrap: init.bootstrap,
  });
  const pubsub = host.services.pubsub;
  pubsub.subscribe(ADVERT_TOPIC);
  const captured: Uint8Array[] = [];
  pubsub.addEventListener("message", (evt) => {
    if (evt.detail.topic === ADVERT_TOPIC && captured.length < 64) captured.push(evt.detail.data);
  });
  const counts: AttackCounts = {
    gossipGarbage: 0,
    advertsTampered: 0,
    advertsReplayed: 0,
    advertsUnstaked: 0,
    streamFrames: 0,
    streamsOpened: 0,
    grpcCalls: 0,
    grpcAccepted: 0,
    grpcCodes: {},
    grpcExpected: { unauthenticated: { sent: 0, answered: 0 }, permissionDenied: { sent: 0, answered: 0 } },
    grpcWrongAnswers: [],
  };
  const publish = async (data: Uint8Array) => {
    await pubsub.publish(ADVERT_TOPIC, data).catch(() => undefined);
  };

  return {
    counts,
    captured,
    async floodGossip(messages) {
      for (let i = 0; i < messages; i++) {
        // Random bytes, a truncated protobuf, and a 17 KB blob (over the advert limit).
        const kind = i % 3;
        const data =
          kind === 0
            ? rand(64 + (i % 512))
            : kind === 1
              ? Uint8Array.of(0x0a, 0xff, 0xff, 0x03)
              : rand(17 * 1024);
        await publish(data);
        counts.gossipGarbage++;
      }
    },
    async replayAndTamper(rounds) {
      for (let i = 0; i < rounds && captured.length > 0; i++) {
        const genuine = captured[i % captured.length]!;
        await publish(genuine);
        counts.advertsReplayed++;
        const advert = ResourceAdvert.decode(genuine);
        // Same signature, cheaper price and more capacity: the signature no longer matches.
        const tampered = ResourceAdvert.encode({
          ...advert,
          sequence: advert.sequence + 1_000n + BigInt(i),
        }).finish();
        await publish(tampered);
        counts.advertsTampered++;
      }
    },
    async unstakedAdverts(count) {
      const template = captured[0];
      if (!template) return;
      const domain = meshDomain(init.deployment);
      for (let i = 0; i < count; i++) {
        // Correctly signed, but by an operator with no stake on-chain.
        const signer = createKeySigner(generatePrivateKey());
        const advert = ResourceAdvert.decode(template);
        const signed = await signAdvert(
          domain,
          { ...advert, peerId: host.peerId.toString(), sequence: BigInt(i + 1) },
          signer,
        );
        await publish(ResourceAdvert.encode(signed).finish());
        counts.advertsUnstaked++;
      }
    },
    async fuzzStreams(targets, perProtocol) {
      for (const target of targets) {
        for (const proto of Object.values(PROTOCOL)) {
          for (let i = 0; i < perProtocol; i++) {
            try {
              const stream = await host.dialProtocol(multiaddr(target), proto, {
                signal: AbortSignal.timeout(3_000),
              });
              counts.streamsOpened++;
              const kind = i % 4;
              if (kind === 0)
                stream.send(Uint8Array.from([...encodeVarint(32), ...rand(32)])); // malformed protobuf
              else if (kind === 1)
                stream.send(Uint8Array.from([...encodeVarint(MAX_FRAME_BYTES * 4), ...rand(1024)])); // oversized frame
              else if (kind === 2)
                stream.send(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)); // bad varint
              else stream.send(rand(4096)); // junk
              counts.streamFrames++;
              await stream
                .close({ signal: AbortSignal.timeout(1_000) })
                .catch(() => stream.abort(new Error("done")));
            } catch {
              // refused or reset by the peer: what we expect once it scores us down
            }
          }
        }
      }
    },
    async unauthenticatedGrpc(grpcAddress, calls, knownSessions = []) {
      const raw = new SchedulerClient(grpcAddress, credentials.createInsecure());
      const note = (
        expected: "unauthenticated" | "permissionDenied",
        what: string,
        code: number | "accepted",
      ) => {
        counts.grpcCalls++;
        if (code === "accepted") counts.grpcAccepted++;
        counts.grpcCodes[String(code)] = (counts.grpcCodes[String(code)] ?? 0) + 1;
        const want = expected === "unauthenticated" ? status.UNAUTHENTICATED : status.PERMISSION_DENIED;
        const e = counts.grpcExpected[expected];
        e.sent++;
        if (code === want) e.answered++;
        else if (counts.grpcWrongAnswers.length < 8)
          counts.grpcWrongAnswers.push(
            `${what}: ${code === "accepted" ? "accepted" : (status[code] ?? code)}`,
          );
      };
      const unaryCall = <T>(
        expected: "unauthenticated" | "permissionDenied",
        what: string,
        fn: (cb: (err: ServiceError | null, res: T) => void) => void,
      ) =>
        new Promise<void>((resolve) =>
          fn((err) => {
            note(expected, what, err ? err.code : "accepted");
            resolve();
          }),
        );
      const watch = (
        expected: "unauthenticated" | "permissionDenied",
        what: string,
        req: WatchSessionRequest,
      ) =>
        new Promise<void>((resolve) => {
          const call = raw.watchSession(req);
          let data = false;
          let settled = false;
          const done = (code: number | "accepted") => {
            if (settled) return;
            settled = true;
            note(expected, what, code);
            resolve();
          };
          call.on("data", () => {
            data = true;
          });
          // A refusal comes at once as the stream's status; a stream still open after 500 ms is
          // cancelled by us (CANCELLED, not a refusal) and counted as accepted if it streamed.
          call.on("error", (err: ServiceError) => done(data ? "accepted" : err.code));
          call.on("end", () => done(data ? "accepted" : status.OK));
          setTimeout(() => call.cancel(), 500).unref();
        });
      const forged = () => ({
        signer: "0x0000000000000000000000000000000000000001",
        issuedAtMs: BigInt(Date.now()),
        nonce: 7n,
        signature: rand(65),
      });
      // A real signature, by an account that owns nothing here.
      const stranger = createKeySigner(generatePrivateKey());
      const signed = async <T extends { auth?: unknown }>(type: MessageFns<T>, method: string, req: T) => ({
        ...req,
        auth: await signRequest(method, encodeMessage(type, { ...req, auth: undefined }), stranger),
      });
      for (let i = 0; i < calls; i++) {
        const sessionId = rand(32);
        const real = knownSessions.length > 0 ? knownSessions[i % knownSessions.length]! : sessionId;
        // Six kinds, each alternating between no auth at all and a forged signature; the last two
        // are validly signed by a stranger on a real session (the owner is someone else).
        const none = Math.floor(i / 6) % 2 === 0;
        const auth = none ? undefined : forged();
        const tag = none ? "no auth" : "forged signature";
        switch (i % 6) {
          case 0:
            await unaryCall("unauthenticated", `CreateSession (${tag})`, (cb) =>
              raw.createSession(
                CreateSessionRequest.fromPartial({
                  sessionId,
                  owner: "0x0000000000000000000000000000000000000001",
                  auth,
                }),
                cb,
              ),
            );
            break;
          case 1:
            await unaryCall("unauthenticated", `SubmitStep (${tag})`, (cb) =>
              raw.submitStep(SubmitStepRequest.fromPartial({ sessionId: real, input: rand(256), auth }), cb),
            );
            break;
          case 2:
            await unaryCall("unauthenticated", `PutBlob (${tag})`, (cb) =>
              raw.putBlob(PutBlobRequest.fromPartial({ data: rand(64 * 1024), auth }), cb),
            );
            break;
          case 3:
            // A watch on someone else's (real) session half the time: must be refused, not streamed.
            await watch(
              "unauthenticated",
              `WatchSession (${tag})`,
              WatchSessionRequest.fromPartial({
                sessionId: Math.floor(i / 12) % 2 === 0 ? real : sessionId,
                auth,
              }),
            );
            break;
          case 4:
            if (knownSessions.length === 0) break;
            await watch(
              "permissionDenied",
              "WatchSession (a stranger's valid signature)",
              await signed(
                WatchSessionRequest,
                "WatchSession",
                WatchSessionRequest.fromPartial({ sessionId: real }),
              ),
            );
            break;
          default: {
            if (knownSessions.length === 0) break;
            const req = await signed(
              SubmitStepRequest,
              "SubmitStep",
              SubmitStepRequest.fromPartial({ sessionId: real, input: rand(256) }),
            );
            await unaryCall("permissionDenied", "SubmitStep (a stranger's valid signature)", (cb) =>
              raw.submitStep(req, cb),
            );
          }
        }
      }
      raw.close();
    },
    async stop() {
      await host.stop();
    },
  };
}
