/** Protocol constants: the same on every network. Per-network config lives elsewhere. */

/** Gossip topic carrying signed ResourceAdverts. */
export const ADVERT_TOPIC = "/padmesh/adverts/1";

/** Request/response protocols over libp2p streams; frames are varint length-prefixed protobuf. */
export const PROTOCOL = {
  lease: "/padmesh/lease/1.0.0",
  step: "/padmesh/step/1.0.0",
  blob: "/padmesh/blob/1.0.0",
  verify: "/padmesh/verify/1.0.0",
  coordinate: "/padmesh/coordinate/1.0.0",
} as const;

/** Largest frame on any stream protocol other than blob. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Largest blob (module, input, checkpoint) fetched over /padmesh/blob. */
export const MAX_BLOB_BYTES = 16 * 1024 * 1024;
/** Largest advert accepted on gossip. */
export const MAX_ADVERT_BYTES = 16 * 1024;

/** Advert wire version understood by this code. */
export const ADVERT_VERSION = 1;
/** An advert may not claim to live longer than this. */
export const MAX_ADVERT_TTL_MS = 10 * 60 * 1000;
/** Tolerated clock skew for issued/expiry timestamps. */
export const MAX_CLOCK_SKEW_MS = 30 * 1000;

/** Sane upper bounds on advertised resources: anything beyond is a lie or a bug. */
export const ADVERT_LIMITS = {
  cpuCores: 4096,
  ramBytes: 64n * 1024n ** 4n,
  gpuCount: 64,
  vramBytes: 1024n ** 4n,
  bandwidthBps: 1_000_000_000_000n,
  diskBytes: 1024n ** 5n,
  roles: 4,
  multiaddrs: 16,
  engines: 16,
  gpus: 16,
  stringLength: 128,
  pricePerFuel: 10n ** 15n,
} as const;

/** Signed requests older than this are refused (and their nonce forgotten). */
export const AUTH_VALIDITY_MS = 5 * 60 * 1000;

/** 32 zero bytes: the previous-receipt hash of a lease's first receipt. */
export const ZERO_HASH: Uint8Array = new Uint8Array(32);
