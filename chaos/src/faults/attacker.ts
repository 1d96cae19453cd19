/**
 * An attacker on the mesh: a libp2p host with the mesh's own configuration that joins the advert
 * topic and the workers' stream protocols, and a raw gRPC client that skips authentication. Each
 * method throws garbage of one kind and counts what it sent; the drill checks the mesh survives.
 */
import { credentials, type ServiceError } from "@grpc/grpc-js";
import { multiaddr } from "@multiformats/multiaddr";
import type { Deployment } from "@padmesh/contracts";
import { meshDomain } from "@padmesh/contracts";
import {
  ADVERT_TOPIC,
  CreateSessionRequest,
  createKeySigner,
  createMeshHost,
  encodeVarint,
  loadOrCreatePeerKey,
  MAX_FRAME_BYTES,
  type MeshHost,
  PROTOCOL,
  PutBlobRequest,
  ResourceAdvert,
  SchedulerClient,
  SubmitStepRequest,
  signAdvert,
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
      const once = <T>(fn: (cb: (err: ServiceError | null, res: T) => void) => void) =>
        new Promise<void>((resolve) =>
          fn((err) => {
            counts.grpcCalls++;
            if (!err) counts.grpcAccepted++;
            else counts.grpcCodes[String(err.code)] = (counts.grpcCodes[String(err.code)] ?? 0) + 1;
            resolve();
          }),
        );
      const badAuth = {
        signer: "0x0000000000000000000000000000000000000001",
        issuedAtMs: BigInt(Date.now()),
        nonce: 7n,
        signature: rand(65),
      };
      for (let i = 0; i < calls; i++) {
        const sessionId = rand(32);
        // Every call kind alternates between no auth at all and a forged signature.
        const auth = Math.floor(i / 4) % 2 === 0 ? undefined : badAuth;
        switch (i % 4) {
          case 0:
            await once((cb) =>
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
            await once((cb) =>
              raw.submitStep(SubmitStepRequest.fromPartial({ sessionId, input: rand(256), auth }), cb),
            );
            break;
          case 2:
            await once((cb) => raw.putBlob(PutBlobRequest.fromPartial({ data: rand(64 * 1024), auth }), cb));
            break;
          default: {
            // A watch on someone else's (real) session, unauthenticated: must be refused, not streamed.
            const target =
              knownSessions.length > 0 && Math.floor(i / 8) % 2 === 0
                ? knownSessions[i % knownSessions.length]!
                : sessionId;
            await new Promise<void>((resolve) => {
              const call = raw.watchSession(WatchSessionRequest.fromPartial({ sessionId: target, auth }));
              let data = false;
              call.on("data", () => {
                data = true;
              });
              call.on("error", (err: ServiceError) => {
                counts.grpcCalls++;
                counts.grpcCodes[String(err.code)] = (counts.grpcCodes[String(err.code)] ?? 0) + 1;
                resolve();
              });
              call.on("end", () => {
                counts.grpcCalls++;
                if (data) counts.grpcAccepted++;
                else counts.grpcCodes.ended = (counts.grpcCodes.ended ?? 0) + 1;
                resolve();
              });
              // A refusal comes at once; a stream still open after 500 ms is cancelled (and
              // counted as accepted only if it delivered anything).
              setTimeout(() => {
                call.cancel();
              }, 500).unref();
            });
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
