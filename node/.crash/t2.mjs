// proto/src/constants.ts
var MAX_FRAME_BYTES = 4 * 1024 * 1024;
var MAX_BLOB_BYTES = 16 * 1024 * 1024;
var MAX_ADVERT_BYTES = 16 * 1024;
var MAX_ADVERT_TTL_MS = 10 * 60 * 1e3;
var MAX_CLOCK_SKEW_MS = 30 * 1e3;
var ADVERT_LIMITS = {
  cpuCores: 4096,
  ramBytes: 64n * 1024n ** 4n,
  gpuCount: 64,
  vramBytes: 1024n ** 4n,
  bandwidthBps: 1000000000000n,
  diskBytes: 1024n ** 5n,
  roles: 4,
  multiaddrs: 16,
  engines: 16,
  gpus: 16,
  stringLength: 128,
  pricePerFuel: 10n ** 15n,
};
var AUTH_VALIDITY_MS = 5 * 60 * 1e3;
var ZERO_HASH = new Uint8Array(32);

// proto/src/errors.ts
var PadMeshError = class extends Error {
  /** Stable machine-readable code, e.g. `ERR_PROTO_DECODE`. */
  code;
  /** The message without added context. */
  shortMessage;
  details;
  constructor(code, shortMessage, options = {}) {
    super(
      options.details
        ? `${shortMessage}

Details: ${options.details}`
        : shortMessage,
      {
        cause: options.cause,
      },
    );
    this.name = new.target.name;
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
};
var ProtoDecodeError = class extends PadMeshError {
  messageType;
  constructor(messageType, options = {}) {
    super("ERR_PROTO_DECODE", `could not decode ${messageType}`, options);
    this.messageType = messageType;
  }
};
var FrameTooLargeError = class extends PadMeshError {
  size;
  limit;
  constructor(what, size, limit) {
    super("ERR_FRAME_TOO_LARGE", `${what} is ${size} bytes, over the ${limit}-byte limit`);
    this.size = size;
    this.limit = limit;
  }
};
var InvalidMessageError = class extends PadMeshError {
  field;
  constructor(messageType, field, reason) {
    super("ERR_INVALID_MESSAGE", `${messageType}.${field}: ${reason}`);
    this.field = field;
  }
};

// proto/src/codec.ts
function decodeMessage(type, name, bytes, options = {}) {
  const limit = options.maxBytes ?? MAX_FRAME_BYTES;
  if (!(bytes instanceof Uint8Array)) {
    throw new ProtoDecodeError(name, { details: "input is not a Uint8Array" });
  }
  if (bytes.length > limit) throw new FrameTooLargeError(name, bytes.length, limit);
  try {
    return type.decode(bytes);
  } catch (cause) {
    throw new ProtoDecodeError(name, {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
}
function encodeMessage(type, message) {
  return type.encode(message).finish();
}

// proto/src/hash.ts
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes as viemHexToBytes, keccak256 as viemKeccak } from "viem";

function keccak256(data) {
  return viemKeccak(data, "bytes");
}
function toHex(data) {
  return bytesToHex(data);
}
function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// proto/src/signer.ts
import { recoverAddress, serializeSignature } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";

function createKeySigner(privateKey) {
  const address = privateKeyToAccount(privateKey).address;
  const signer = {
    address,
    async signDigest(digest2) {
      const sig = await sign({ hash: toHex(digest2), privateKey, to: "object" });
      return hexToBytesUnchecked(serializeSignature(sig));
    },
  };
  const redacted = () => `Signer(${address})`;
  Object.defineProperties(signer, {
    toString: { value: redacted },
    toJSON: { value: () => ({ address }) },
    [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")]: { value: redacted },
  });
  return signer;
}
function hexToBytesUnchecked(hex2) {
  return Uint8Array.from(Buffer.from(hex2.slice(2), "hex"));
}

// proto/src/eip712.ts
var EIP712_NAME = "PadMesh";
var EIP712_VERSION = "1";
var EIP712_TYPES = {
  Receipt: [
    { name: "sessionId", type: "bytes32" },
    { name: "leaseId", type: "bytes32" },
    { name: "role", type: "uint8" },
    { name: "sequence", type: "uint64" },
    { name: "moduleHash", type: "bytes32" },
    { name: "inputHash", type: "bytes32" },
    { name: "outputHash", type: "bytes32" },
    { name: "stateRootBefore", type: "bytes32" },
    { name: "stateRootAfter", type: "bytes32" },
    { name: "fuelUsed", type: "uint64" },
    { name: "pricePerFuel", type: "uint64" },
    { name: "prevReceiptHash", type: "bytes32" },
    { name: "timestampMs", type: "uint64" },
    { name: "status", type: "uint8" },
  ],
  Voucher: [
    { name: "sessionId", type: "bytes32" },
    { name: "leaseId", type: "bytes32" },
    { name: "operator", type: "address" },
    { name: "cumulativeAmount", type: "uint256" },
    { name: "lastReceiptHash", type: "bytes32" },
    { name: "receiptCount", type: "uint64" },
  ],
  Attestation: [
    { name: "receiptHash", type: "bytes32" },
    { name: "sessionId", type: "bytes32" },
    { name: "leaseId", type: "bytes32" },
    { name: "sequence", type: "uint64" },
    { name: "outputHash", type: "bytes32" },
    { name: "stateRootAfter", type: "bytes32" },
    { name: "fuelUsed", type: "uint64" },
    { name: "status", type: "uint8" },
    { name: "mismatch", type: "bool" },
  ],
  Advert: [
    { name: "peerId", type: "string" },
    { name: "operator", type: "address" },
    { name: "sequence", type: "uint64" },
    { name: "expiresAtMs", type: "uint64" },
    { name: "bodyHash", type: "bytes32" },
  ],
};
var EIP712_TYPE_STRINGS = Object.fromEntries(
  Object.entries(EIP712_TYPES).map(([name, fields]) => [
    name,
    `${name}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`,
  ]),
);
var utf8 = new TextEncoder();
var TYPEHASH = Object.fromEntries(
  Object.entries(EIP712_TYPE_STRINGS).map(([name, s]) => [name, keccak256(utf8.encode(s))]),
);
var DOMAIN_TYPEHASH = keccak256(
  utf8.encode("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);
var domainCache = /* @__PURE__ */ new Map();
function domainSeparator(domain) {
  const key = `${domain.chainId}:${domain.verifyingContract.toLowerCase()}`;
  let sep = domainCache.get(key);
  if (!sep) {
    const w = new Words(5);
    w.bytes32(DOMAIN_TYPEHASH);
    w.bytes32(keccak256(utf8.encode(EIP712_NAME)));
    w.bytes32(keccak256(utf8.encode(EIP712_VERSION)));
    w.uint(domain.chainId);
    w.address(domain.verifyingContract);
    sep = keccak256(w.buf);
    domainCache.set(key, sep);
  }
  return sep;
}
function digest(domain, structHash) {
  const buf = new Uint8Array(66);
  buf[0] = 25;
  buf[1] = 1;
  buf.set(domainSeparator(domain), 2);
  buf.set(structHash, 34);
  return keccak256(buf);
}
var Words = class {
  buf;
  offset = 0;
  constructor(count) {
    this.buf = new Uint8Array(count * 32);
  }
  bytes32(value, field = "bytes32") {
    const v = value ?? new Uint8Array(0);
    if (v.length !== 32) {
      throw new InvalidMessageError("eip712", field, `expected 32 bytes, got ${v.length}`);
    }
    this.buf.set(v, this.offset);
    this.offset += 32;
  }
  uint(value, bits = 256, field = "uint") {
    let v = BigInt(value);
    if (v < 0n || v >= 1n << BigInt(bits)) {
      throw new InvalidMessageError("eip712", field, `out of range for uint${bits}`);
    }
    for (let i = 31; i >= 0 && v > 0n; i--) {
      this.buf[this.offset + i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.offset += 32;
  }
  address(value, field = "address") {
    if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
      throw new InvalidMessageError("eip712", field, "not a 20-byte hex address");
    }
    this.buf.set(Buffer.from(value.slice(2), "hex"), this.offset + 12);
    this.offset += 32;
  }
};
function receiptStructHash(r) {
  const w = new Words(15);
  w.bytes32(TYPEHASH.Receipt);
  w.bytes32(r.sessionId, "sessionId");
  w.bytes32(r.leaseId, "leaseId");
  w.uint(r.role, 8, "role");
  w.uint(r.sequence, 64, "sequence");
  w.bytes32(r.moduleHash, "moduleHash");
  w.bytes32(r.inputHash, "inputHash");
  w.bytes32(r.outputHash, "outputHash");
  w.bytes32(r.stateRootBefore, "stateRootBefore");
  w.bytes32(r.stateRootAfter, "stateRootAfter");
  w.uint(r.fuelUsed, 64, "fuelUsed");
  w.uint(r.pricePerFuel, 64, "pricePerFuel");
  w.bytes32(r.prevReceiptHash, "prevReceiptHash");
  w.uint(r.timestampMs, 64, "timestampMs");
  w.uint(r.status, 8, "status");
  return keccak256(w.buf);
}
function hashReceipt(domain, r) {
  return digest(domain, receiptStructHash(r));
}

// proto/src/gen/padmesh/v1/advert.ts
// proto/src/gen/padmesh/v1/resources.ts
import {
  BinaryReader,
  BinaryReader as BinaryReader2,
  BinaryWriter,
  BinaryWriter as BinaryWriter2,
} from "@bufbuild/protobuf/wire";

function createBaseGpu() {
  return { vendor: "", model: "", vramBytes: 0n, count: 0 };
}
var Gpu = {
  encode(message, writer = new BinaryWriter()) {
    if (message.vendor !== "") {
      writer.uint32(10).string(message.vendor);
    }
    if (message.model !== "") {
      writer.uint32(18).string(message.model);
    }
    if (message.vramBytes !== 0n) {
      if (BigInt.asUintN(64, message.vramBytes) !== message.vramBytes) {
        throw new globalThis.Error("value provided for field message.vramBytes of type uint64 too large");
      }
      writer.uint32(24).uint64(message.vramBytes);
    }
    if (message.count !== 0) {
      writer.uint32(32).uint32(message.count);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseGpu();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.vendor = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.model = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.vramBytes = reader.uint64();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.count = reader.uint32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Gpu.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseGpu();
    message.vendor = object.vendor ?? "";
    message.model = object.model ?? "";
    message.vramBytes =
      object.vramBytes !== void 0 && object.vramBytes !== null ? BigInt(object.vramBytes) : 0n;
    message.count = object.count ?? 0;
    return message;
  },
};
function createBaseResourceDescriptor() {
  return {
    cpuCores: 0,
    cpuModel: "",
    ramBytes: 0n,
    gpus: [],
    bandwidthUpBps: 0n,
    bandwidthDownBps: 0n,
    bandwidthSource: 0,
    region: "",
    engines: [],
    diskBytes: 0n,
  };
}
var ResourceDescriptor = {
  encode(message, writer = new BinaryWriter()) {
    if (message.cpuCores !== 0) {
      writer.uint32(8).uint32(message.cpuCores);
    }
    if (message.cpuModel !== "") {
      writer.uint32(18).string(message.cpuModel);
    }
    if (message.ramBytes !== 0n) {
      if (BigInt.asUintN(64, message.ramBytes) !== message.ramBytes) {
        throw new globalThis.Error("value provided for field message.ramBytes of type uint64 too large");
      }
      writer.uint32(24).uint64(message.ramBytes);
    }
    for (const v of message.gpus) {
      Gpu.encode(v, writer.uint32(34).fork()).join();
    }
    if (message.bandwidthUpBps !== 0n) {
      if (BigInt.asUintN(64, message.bandwidthUpBps) !== message.bandwidthUpBps) {
        throw new globalThis.Error(
          "value provided for field message.bandwidthUpBps of type uint64 too large",
        );
      }
      writer.uint32(40).uint64(message.bandwidthUpBps);
    }
    if (message.bandwidthDownBps !== 0n) {
      if (BigInt.asUintN(64, message.bandwidthDownBps) !== message.bandwidthDownBps) {
        throw new globalThis.Error(
          "value provided for field message.bandwidthDownBps of type uint64 too large",
        );
      }
      writer.uint32(48).uint64(message.bandwidthDownBps);
    }
    if (message.bandwidthSource !== 0) {
      writer.uint32(56).int32(message.bandwidthSource);
    }
    if (message.region !== "") {
      writer.uint32(66).string(message.region);
    }
    for (const v of message.engines) {
      writer.uint32(74).string(v);
    }
    if (message.diskBytes !== 0n) {
      if (BigInt.asUintN(64, message.diskBytes) !== message.diskBytes) {
        throw new globalThis.Error("value provided for field message.diskBytes of type uint64 too large");
      }
      writer.uint32(80).uint64(message.diskBytes);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseResourceDescriptor();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.cpuCores = reader.uint32();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.cpuModel = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.ramBytes = reader.uint64();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.gpus.push(Gpu.decode(reader, reader.uint32()));
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.bandwidthUpBps = reader.uint64();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.bandwidthDownBps = reader.uint64();
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.bandwidthSource = reader.int32();
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            message.region = reader.string();
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            message.engines.push(reader.string());
            continue;
          }
          case 10: {
            if (tag !== 80) {
              break;
            }
            message.diskBytes = reader.uint64();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ResourceDescriptor.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseResourceDescriptor();
    message.cpuCores = object.cpuCores ?? 0;
    message.cpuModel = object.cpuModel ?? "";
    message.ramBytes = object.ramBytes !== void 0 && object.ramBytes !== null ? BigInt(object.ramBytes) : 0n;
    message.gpus = object.gpus?.map((e) => Gpu.fromPartial(e)) || [];
    message.bandwidthUpBps =
      object.bandwidthUpBps !== void 0 && object.bandwidthUpBps !== null ? BigInt(object.bandwidthUpBps) : 0n;
    message.bandwidthDownBps =
      object.bandwidthDownBps !== void 0 && object.bandwidthDownBps !== null
        ? BigInt(object.bandwidthDownBps)
        : 0n;
    message.bandwidthSource = object.bandwidthSource ?? 0;
    message.region = object.region ?? "";
    message.engines = object.engines?.map((e) => e) || [];
    message.diskBytes =
      object.diskBytes !== void 0 && object.diskBytes !== null ? BigInt(object.diskBytes) : 0n;
    return message;
  },
};
function createBaseCapacity() {
  return { cpuMillis: 0, ramBytes: 0n, vramBytes: 0n, gpus: 0, leaseSlots: 0 };
}
var Capacity = {
  encode(message, writer = new BinaryWriter()) {
    if (message.cpuMillis !== 0) {
      writer.uint32(8).uint32(message.cpuMillis);
    }
    if (message.ramBytes !== 0n) {
      if (BigInt.asUintN(64, message.ramBytes) !== message.ramBytes) {
        throw new globalThis.Error("value provided for field message.ramBytes of type uint64 too large");
      }
      writer.uint32(16).uint64(message.ramBytes);
    }
    if (message.vramBytes !== 0n) {
      if (BigInt.asUintN(64, message.vramBytes) !== message.vramBytes) {
        throw new globalThis.Error("value provided for field message.vramBytes of type uint64 too large");
      }
      writer.uint32(24).uint64(message.vramBytes);
    }
    if (message.gpus !== 0) {
      writer.uint32(32).uint32(message.gpus);
    }
    if (message.leaseSlots !== 0) {
      writer.uint32(40).uint32(message.leaseSlots);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCapacity();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.cpuMillis = reader.uint32();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.ramBytes = reader.uint64();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.vramBytes = reader.uint64();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.gpus = reader.uint32();
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.leaseSlots = reader.uint32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Capacity.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCapacity();
    message.cpuMillis = object.cpuMillis ?? 0;
    message.ramBytes = object.ramBytes !== void 0 && object.ramBytes !== null ? BigInt(object.ramBytes) : 0n;
    message.vramBytes =
      object.vramBytes !== void 0 && object.vramBytes !== null ? BigInt(object.vramBytes) : 0n;
    message.gpus = object.gpus ?? 0;
    message.leaseSlots = object.leaseSlots ?? 0;
    return message;
  },
};
function createBaseRoleOffer() {
  return { role: 0, pricePerFuel: 0n };
}
var RoleOffer = {
  encode(message, writer = new BinaryWriter()) {
    if (message.role !== 0) {
      writer.uint32(8).int32(message.role);
    }
    if (message.pricePerFuel !== 0n) {
      if (BigInt.asUintN(64, message.pricePerFuel) !== message.pricePerFuel) {
        throw new globalThis.Error("value provided for field message.pricePerFuel of type uint64 too large");
      }
      writer.uint32(16).uint64(message.pricePerFuel);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRoleOffer();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.role = reader.int32();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.pricePerFuel = reader.uint64();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return RoleOffer.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRoleOffer();
    message.role = object.role ?? 0;
    message.pricePerFuel =
      object.pricePerFuel !== void 0 && object.pricePerFuel !== null ? BigInt(object.pricePerFuel) : 0n;
    return message;
  },
};

// proto/src/gen/padmesh/v1/advert.ts
function createBaseResourceAdvert() {
  return {
    version: 0,
    peerId: "",
    operator: "",
    descriptor: void 0,
    roles: [],
    free: void 0,
    sequence: 0n,
    issuedAtMs: 0n,
    expiresAtMs: 0n,
    multiaddrs: [],
    runningLeases: 0,
    signature: new Uint8Array(0),
  };
}
var ResourceAdvert = {
  encode(message, writer = new BinaryWriter2()) {
    if (message.version !== 0) {
      writer.uint32(8).uint32(message.version);
    }
    if (message.peerId !== "") {
      writer.uint32(18).string(message.peerId);
    }
    if (message.operator !== "") {
      writer.uint32(26).string(message.operator);
    }
    if (message.descriptor !== void 0) {
      ResourceDescriptor.encode(message.descriptor, writer.uint32(34).fork()).join();
    }
    for (const v of message.roles) {
      RoleOffer.encode(v, writer.uint32(42).fork()).join();
    }
    if (message.free !== void 0) {
      Capacity.encode(message.free, writer.uint32(50).fork()).join();
    }
    if (message.sequence !== 0n) {
      if (BigInt.asUintN(64, message.sequence) !== message.sequence) {
        throw new globalThis.Error("value provided for field message.sequence of type uint64 too large");
      }
      writer.uint32(56).uint64(message.sequence);
    }
    if (message.issuedAtMs !== 0n) {
      if (BigInt.asUintN(64, message.issuedAtMs) !== message.issuedAtMs) {
        throw new globalThis.Error("value provided for field message.issuedAtMs of type uint64 too large");
      }
      writer.uint32(64).uint64(message.issuedAtMs);
    }
    if (message.expiresAtMs !== 0n) {
      if (BigInt.asUintN(64, message.expiresAtMs) !== message.expiresAtMs) {
        throw new globalThis.Error("value provided for field message.expiresAtMs of type uint64 too large");
      }
      writer.uint32(72).uint64(message.expiresAtMs);
    }
    for (const v of message.multiaddrs) {
      writer.uint32(82).string(v);
    }
    if (message.runningLeases !== 0) {
      writer.uint32(88).uint32(message.runningLeases);
    }
    if (message.signature.length !== 0) {
      writer.uint32(98).bytes(message.signature);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader2 ? input : new BinaryReader2(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseResourceAdvert();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.version = reader.uint32();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.peerId = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.operator = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.descriptor = ResourceDescriptor.decode(reader, reader.uint32());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.roles.push(RoleOffer.decode(reader, reader.uint32()));
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.free = Capacity.decode(reader, reader.uint32());
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.sequence = reader.uint64();
            continue;
          }
          case 8: {
            if (tag !== 64) {
              break;
            }
            message.issuedAtMs = reader.uint64();
            continue;
          }
          case 9: {
            if (tag !== 72) {
              break;
            }
            message.expiresAtMs = reader.uint64();
            continue;
          }
          case 10: {
            if (tag !== 82) {
              break;
            }
            message.multiaddrs.push(reader.string());
            continue;
          }
          case 11: {
            if (tag !== 88) {
              break;
            }
            message.runningLeases = reader.uint32();
            continue;
          }
          case 12: {
            if (tag !== 98) {
              break;
            }
            message.signature = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ResourceAdvert.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseResourceAdvert();
    message.version = object.version ?? 0;
    message.peerId = object.peerId ?? "";
    message.operator = object.operator ?? "";
    message.descriptor =
      object.descriptor !== void 0 && object.descriptor !== null
        ? ResourceDescriptor.fromPartial(object.descriptor)
        : void 0;
    message.roles = object.roles?.map((e) => RoleOffer.fromPartial(e)) || [];
    message.free =
      object.free !== void 0 && object.free !== null ? Capacity.fromPartial(object.free) : void 0;
    message.sequence = object.sequence !== void 0 && object.sequence !== null ? BigInt(object.sequence) : 0n;
    message.issuedAtMs =
      object.issuedAtMs !== void 0 && object.issuedAtMs !== null ? BigInt(object.issuedAtMs) : 0n;
    message.expiresAtMs =
      object.expiresAtMs !== void 0 && object.expiresAtMs !== null ? BigInt(object.expiresAtMs) : 0n;
    message.multiaddrs = object.multiaddrs?.map((e) => e) || [];
    message.runningLeases = object.runningLeases ?? 0;
    message.signature = object.signature ?? new Uint8Array(0);
    return message;
  },
};

// proto/src/gen/padmesh/v1/lease.ts
// proto/src/gen/padmesh/v1/receipt.ts
import {
  BinaryReader as BinaryReader3,
  BinaryReader as BinaryReader4,
  BinaryWriter as BinaryWriter3,
  BinaryWriter as BinaryWriter4,
} from "@bufbuild/protobuf/wire";
// proto/src/auth.ts
import { hashMessage } from "viem";

function createBaseReceipt() {
  return {
    sessionId: new Uint8Array(0),
    leaseId: new Uint8Array(0),
    role: 0,
    sequence: 0n,
    moduleHash: new Uint8Array(0),
    inputHash: new Uint8Array(0),
    outputHash: new Uint8Array(0),
    stateRootBefore: new Uint8Array(0),
    stateRootAfter: new Uint8Array(0),
    fuelUsed: 0n,
    pricePerFuel: 0n,
    prevReceiptHash: new Uint8Array(0),
    timestampMs: 0n,
    status: 0,
    operator: "",
    signature: new Uint8Array(0),
  };
}
var Receipt = {
  encode(message, writer = new BinaryWriter3()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.leaseId.length !== 0) {
      writer.uint32(18).bytes(message.leaseId);
    }
    if (message.role !== 0) {
      writer.uint32(24).int32(message.role);
    }
    if (message.sequence !== 0n) {
      if (BigInt.asUintN(64, message.sequence) !== message.sequence) {
        throw new globalThis.Error("value provided for field message.sequence of type uint64 too large");
      }
      writer.uint32(32).uint64(message.sequence);
    }
    if (message.moduleHash.length !== 0) {
      writer.uint32(42).bytes(message.moduleHash);
    }
    if (message.inputHash.length !== 0) {
      writer.uint32(50).bytes(message.inputHash);
    }
    if (message.outputHash.length !== 0) {
      writer.uint32(58).bytes(message.outputHash);
    }
    if (message.stateRootBefore.length !== 0) {
      writer.uint32(66).bytes(message.stateRootBefore);
    }
    if (message.stateRootAfter.length !== 0) {
      writer.uint32(74).bytes(message.stateRootAfter);
    }
    if (message.fuelUsed !== 0n) {
      if (BigInt.asUintN(64, message.fuelUsed) !== message.fuelUsed) {
        throw new globalThis.Error("value provided for field message.fuelUsed of type uint64 too large");
      }
      writer.uint32(80).uint64(message.fuelUsed);
    }
    if (message.pricePerFuel !== 0n) {
      if (BigInt.asUintN(64, message.pricePerFuel) !== message.pricePerFuel) {
        throw new globalThis.Error("value provided for field message.pricePerFuel of type uint64 too large");
      }
      writer.uint32(88).uint64(message.pricePerFuel);
    }
    if (message.prevReceiptHash.length !== 0) {
      writer.uint32(98).bytes(message.prevReceiptHash);
    }
    if (message.timestampMs !== 0n) {
      if (BigInt.asUintN(64, message.timestampMs) !== message.timestampMs) {
        throw new globalThis.Error("value provided for field message.timestampMs of type uint64 too large");
      }
      writer.uint32(104).uint64(message.timestampMs);
    }
    if (message.status !== 0) {
      writer.uint32(112).int32(message.status);
    }
    if (message.operator !== "") {
      writer.uint32(122).string(message.operator);
    }
    if (message.signature.length !== 0) {
      writer.uint32(130).bytes(message.signature);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader3 ? input : new BinaryReader3(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseReceipt();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.leaseId = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.role = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.sequence = reader.uint64();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.moduleHash = reader.bytes();
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.inputHash = reader.bytes();
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.outputHash = reader.bytes();
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            message.stateRootBefore = reader.bytes();
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            message.stateRootAfter = reader.bytes();
            continue;
          }
          case 10: {
            if (tag !== 80) {
              break;
            }
            message.fuelUsed = reader.uint64();
            continue;
          }
          case 11: {
            if (tag !== 88) {
              break;
            }
            message.pricePerFuel = reader.uint64();
            continue;
          }
          case 12: {
            if (tag !== 98) {
              break;
            }
            message.prevReceiptHash = reader.bytes();
            continue;
          }
          case 13: {
            if (tag !== 104) {
              break;
            }
            message.timestampMs = reader.uint64();
            continue;
          }
          case 14: {
            if (tag !== 112) {
              break;
            }
            message.status = reader.int32();
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.operator = reader.string();
            continue;
          }
          case 16: {
            if (tag !== 130) {
              break;
            }
            message.signature = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Receipt.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseReceipt();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.leaseId = object.leaseId ?? new Uint8Array(0);
    message.role = object.role ?? 0;
    message.sequence = object.sequence !== void 0 && object.sequence !== null ? BigInt(object.sequence) : 0n;
    message.moduleHash = object.moduleHash ?? new Uint8Array(0);
    message.inputHash = object.inputHash ?? new Uint8Array(0);
    message.outputHash = object.outputHash ?? new Uint8Array(0);
    message.stateRootBefore = object.stateRootBefore ?? new Uint8Array(0);
    message.stateRootAfter = object.stateRootAfter ?? new Uint8Array(0);
    message.fuelUsed = object.fuelUsed !== void 0 && object.fuelUsed !== null ? BigInt(object.fuelUsed) : 0n;
    message.pricePerFuel =
      object.pricePerFuel !== void 0 && object.pricePerFuel !== null ? BigInt(object.pricePerFuel) : 0n;
    message.prevReceiptHash = object.prevReceiptHash ?? new Uint8Array(0);
    message.timestampMs =
      object.timestampMs !== void 0 && object.timestampMs !== null ? BigInt(object.timestampMs) : 0n;
    message.status = object.status ?? 0;
    message.operator = object.operator ?? "";
    message.signature = object.signature ?? new Uint8Array(0);
    return message;
  },
};
function createBaseVoucher() {
  return {
    sessionId: new Uint8Array(0),
    leaseId: new Uint8Array(0),
    operator: "",
    cumulativeAmount: "",
    lastReceiptHash: new Uint8Array(0),
    receiptCount: 0n,
    signature: new Uint8Array(0),
  };
}
var Voucher = {
  encode(message, writer = new BinaryWriter3()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.leaseId.length !== 0) {
      writer.uint32(18).bytes(message.leaseId);
    }
    if (message.operator !== "") {
      writer.uint32(26).string(message.operator);
    }
    if (message.cumulativeAmount !== "") {
      writer.uint32(34).string(message.cumulativeAmount);
    }
    if (message.lastReceiptHash.length !== 0) {
      writer.uint32(42).bytes(message.lastReceiptHash);
    }
    if (message.receiptCount !== 0n) {
      if (BigInt.asUintN(64, message.receiptCount) !== message.receiptCount) {
        throw new globalThis.Error("value provided for field message.receiptCount of type uint64 too large");
      }
      writer.uint32(48).uint64(message.receiptCount);
    }
    if (message.signature.length !== 0) {
      writer.uint32(58).bytes(message.signature);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader3 ? input : new BinaryReader3(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseVoucher();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.leaseId = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.operator = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.cumulativeAmount = reader.string();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.lastReceiptHash = reader.bytes();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.receiptCount = reader.uint64();
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.signature = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Voucher.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseVoucher();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.leaseId = object.leaseId ?? new Uint8Array(0);
    message.operator = object.operator ?? "";
    message.cumulativeAmount = object.cumulativeAmount ?? "";
    message.lastReceiptHash = object.lastReceiptHash ?? new Uint8Array(0);
    message.receiptCount =
      object.receiptCount !== void 0 && object.receiptCount !== null ? BigInt(object.receiptCount) : 0n;
    message.signature = object.signature ?? new Uint8Array(0);
    return message;
  },
};
function createBaseAttestation() {
  return {
    receiptHash: new Uint8Array(0),
    sessionId: new Uint8Array(0),
    leaseId: new Uint8Array(0),
    sequence: 0n,
    outputHash: new Uint8Array(0),
    stateRootAfter: new Uint8Array(0),
    fuelUsed: 0n,
    status: 0,
    mismatch: false,
    verifier: "",
    signature: new Uint8Array(0),
  };
}
var Attestation = {
  encode(message, writer = new BinaryWriter3()) {
    if (message.receiptHash.length !== 0) {
      writer.uint32(10).bytes(message.receiptHash);
    }
    if (message.sessionId.length !== 0) {
      writer.uint32(18).bytes(message.sessionId);
    }
    if (message.leaseId.length !== 0) {
      writer.uint32(26).bytes(message.leaseId);
    }
    if (message.sequence !== 0n) {
      if (BigInt.asUintN(64, message.sequence) !== message.sequence) {
        throw new globalThis.Error("value provided for field message.sequence of type uint64 too large");
      }
      writer.uint32(32).uint64(message.sequence);
    }
    if (message.outputHash.length !== 0) {
      writer.uint32(42).bytes(message.outputHash);
    }
    if (message.stateRootAfter.length !== 0) {
      writer.uint32(50).bytes(message.stateRootAfter);
    }
    if (message.fuelUsed !== 0n) {
      if (BigInt.asUintN(64, message.fuelUsed) !== message.fuelUsed) {
        throw new globalThis.Error("value provided for field message.fuelUsed of type uint64 too large");
      }
      writer.uint32(56).uint64(message.fuelUsed);
    }
    if (message.status !== 0) {
      writer.uint32(64).int32(message.status);
    }
    if (message.mismatch !== false) {
      writer.uint32(72).bool(message.mismatch);
    }
    if (message.verifier !== "") {
      writer.uint32(82).string(message.verifier);
    }
    if (message.signature.length !== 0) {
      writer.uint32(90).bytes(message.signature);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader3 ? input : new BinaryReader3(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseAttestation();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.receiptHash = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.leaseId = reader.bytes();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.sequence = reader.uint64();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.outputHash = reader.bytes();
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.stateRootAfter = reader.bytes();
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.fuelUsed = reader.uint64();
            continue;
          }
          case 8: {
            if (tag !== 64) {
              break;
            }
            message.status = reader.int32();
            continue;
          }
          case 9: {
            if (tag !== 72) {
              break;
            }
            message.mismatch = reader.bool();
            continue;
          }
          case 10: {
            if (tag !== 82) {
              break;
            }
            message.verifier = reader.string();
            continue;
          }
          case 11: {
            if (tag !== 90) {
              break;
            }
            message.signature = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Attestation.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseAttestation();
    message.receiptHash = object.receiptHash ?? new Uint8Array(0);
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.leaseId = object.leaseId ?? new Uint8Array(0);
    message.sequence = object.sequence !== void 0 && object.sequence !== null ? BigInt(object.sequence) : 0n;
    message.outputHash = object.outputHash ?? new Uint8Array(0);
    message.stateRootAfter = object.stateRootAfter ?? new Uint8Array(0);
    message.fuelUsed = object.fuelUsed !== void 0 && object.fuelUsed !== null ? BigInt(object.fuelUsed) : 0n;
    message.status = object.status ?? 0;
    message.mismatch = object.mismatch ?? false;
    message.verifier = object.verifier ?? "";
    message.signature = object.signature ?? new Uint8Array(0);
    return message;
  },
};

// proto/src/gen/padmesh/v1/lease.ts
function createBaseLeaseTerms() {
  return {
    leaseId: new Uint8Array(0),
    sessionId: new Uint8Array(0),
    role: 0,
    moduleHash: new Uint8Array(0),
    resources: void 0,
    pricePerFuel: 0n,
    ttlMs: 0n,
    maxFuelPerStep: 0n,
    project: "",
    scheduler: "",
    resumeCheckpoint: new Uint8Array(0),
    resumeSequence: 0n,
  };
}
var LeaseTerms = {
  encode(message, writer = new BinaryWriter4()) {
    if (message.leaseId.length !== 0) {
      writer.uint32(10).bytes(message.leaseId);
    }
    if (message.sessionId.length !== 0) {
      writer.uint32(18).bytes(message.sessionId);
    }
    if (message.role !== 0) {
      writer.uint32(24).int32(message.role);
    }
    if (message.moduleHash.length !== 0) {
      writer.uint32(34).bytes(message.moduleHash);
    }
    if (message.resources !== void 0) {
      Capacity.encode(message.resources, writer.uint32(42).fork()).join();
    }
    if (message.pricePerFuel !== 0n) {
      if (BigInt.asUintN(64, message.pricePerFuel) !== message.pricePerFuel) {
        throw new globalThis.Error("value provided for field message.pricePerFuel of type uint64 too large");
      }
      writer.uint32(48).uint64(message.pricePerFuel);
    }
    if (message.ttlMs !== 0n) {
      if (BigInt.asUintN(64, message.ttlMs) !== message.ttlMs) {
        throw new globalThis.Error("value provided for field message.ttlMs of type uint64 too large");
      }
      writer.uint32(56).uint64(message.ttlMs);
    }
    if (message.maxFuelPerStep !== 0n) {
      if (BigInt.asUintN(64, message.maxFuelPerStep) !== message.maxFuelPerStep) {
        throw new globalThis.Error(
          "value provided for field message.maxFuelPerStep of type uint64 too large",
        );
      }
      writer.uint32(64).uint64(message.maxFuelPerStep);
    }
    if (message.project !== "") {
      writer.uint32(74).string(message.project);
    }
    if (message.scheduler !== "") {
      writer.uint32(82).string(message.scheduler);
    }
    if (message.resumeCheckpoint.length !== 0) {
      writer.uint32(90).bytes(message.resumeCheckpoint);
    }
    if (message.resumeSequence !== 0n) {
      if (BigInt.asUintN(64, message.resumeSequence) !== message.resumeSequence) {
        throw new globalThis.Error(
          "value provided for field message.resumeSequence of type uint64 too large",
        );
      }
      writer.uint32(96).uint64(message.resumeSequence);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader4 ? input : new BinaryReader4(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLeaseTerms();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.leaseId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.role = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.moduleHash = reader.bytes();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.resources = Capacity.decode(reader, reader.uint32());
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.pricePerFuel = reader.uint64();
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.ttlMs = reader.uint64();
            continue;
          }
          case 8: {
            if (tag !== 64) {
              break;
            }
            message.maxFuelPerStep = reader.uint64();
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            message.project = reader.string();
            continue;
          }
          case 10: {
            if (tag !== 82) {
              break;
            }
            message.scheduler = reader.string();
            continue;
          }
          case 11: {
            if (tag !== 90) {
              break;
            }
            message.resumeCheckpoint = reader.bytes();
            continue;
          }
          case 12: {
            if (tag !== 96) {
              break;
            }
            message.resumeSequence = reader.uint64();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return LeaseTerms.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLeaseTerms();
    message.leaseId = object.leaseId ?? new Uint8Array(0);
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.role = object.role ?? 0;
    message.moduleHash = object.moduleHash ?? new Uint8Array(0);
    message.resources =
      object.resources !== void 0 && object.resources !== null
        ? Capacity.fromPartial(object.resources)
        : void 0;
    message.pricePerFuel =
      object.pricePerFuel !== void 0 && object.pricePerFuel !== null ? BigInt(object.pricePerFuel) : 0n;
    message.ttlMs = object.ttlMs !== void 0 && object.ttlMs !== null ? BigInt(object.ttlMs) : 0n;
    message.maxFuelPerStep =
      object.maxFuelPerStep !== void 0 && object.maxFuelPerStep !== null ? BigInt(object.maxFuelPerStep) : 0n;
    message.project = object.project ?? "";
    message.scheduler = object.scheduler ?? "";
    message.resumeCheckpoint = object.resumeCheckpoint ?? new Uint8Array(0);
    message.resumeSequence =
      object.resumeSequence !== void 0 && object.resumeSequence !== null ? BigInt(object.resumeSequence) : 0n;
    return message;
  },
};

// proto/src/gen/padmesh/v1/scheduler.ts
import { BinaryReader as BinaryReader5, BinaryWriter as BinaryWriter5 } from "@bufbuild/protobuf/wire";
import { makeGenericClientConstructor } from "@grpc/grpc-js";

function createBaseRequestAuth() {
  return { signer: "", issuedAtMs: 0n, nonce: 0n, signature: new Uint8Array(0) };
}
var RequestAuth = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.signer !== "") {
      writer.uint32(10).string(message.signer);
    }
    if (message.issuedAtMs !== 0n) {
      if (BigInt.asUintN(64, message.issuedAtMs) !== message.issuedAtMs) {
        throw new globalThis.Error("value provided for field message.issuedAtMs of type uint64 too large");
      }
      writer.uint32(16).uint64(message.issuedAtMs);
    }
    if (message.nonce !== 0n) {
      if (BigInt.asUintN(64, message.nonce) !== message.nonce) {
        throw new globalThis.Error("value provided for field message.nonce of type uint64 too large");
      }
      writer.uint32(24).uint64(message.nonce);
    }
    if (message.signature.length !== 0) {
      writer.uint32(34).bytes(message.signature);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRequestAuth();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.signer = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.issuedAtMs = reader.uint64();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.nonce = reader.uint64();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.signature = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return RequestAuth.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRequestAuth();
    message.signer = object.signer ?? "";
    message.issuedAtMs =
      object.issuedAtMs !== void 0 && object.issuedAtMs !== null ? BigInt(object.issuedAtMs) : 0n;
    message.nonce = object.nonce !== void 0 && object.nonce !== null ? BigInt(object.nonce) : 0n;
    message.signature = object.signature ?? new Uint8Array(0);
    return message;
  },
};
function createBaseRoleRequirement() {
  return {
    role: 0,
    count: 0,
    moduleHash: new Uint8Array(0),
    resources: void 0,
    minBandwidthBps: 0n,
    maxPricePerFuel: 0n,
    region: "",
    strategy: 0,
  };
}
var RoleRequirement = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.role !== 0) {
      writer.uint32(8).int32(message.role);
    }
    if (message.count !== 0) {
      writer.uint32(16).uint32(message.count);
    }
    if (message.moduleHash.length !== 0) {
      writer.uint32(26).bytes(message.moduleHash);
    }
    if (message.resources !== void 0) {
      Capacity.encode(message.resources, writer.uint32(34).fork()).join();
    }
    if (message.minBandwidthBps !== 0n) {
      if (BigInt.asUintN(64, message.minBandwidthBps) !== message.minBandwidthBps) {
        throw new globalThis.Error(
          "value provided for field message.minBandwidthBps of type uint64 too large",
        );
      }
      writer.uint32(40).uint64(message.minBandwidthBps);
    }
    if (message.maxPricePerFuel !== 0n) {
      if (BigInt.asUintN(64, message.maxPricePerFuel) !== message.maxPricePerFuel) {
        throw new globalThis.Error(
          "value provided for field message.maxPricePerFuel of type uint64 too large",
        );
      }
      writer.uint32(48).uint64(message.maxPricePerFuel);
    }
    if (message.region !== "") {
      writer.uint32(58).string(message.region);
    }
    if (message.strategy !== 0) {
      writer.uint32(64).int32(message.strategy);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRoleRequirement();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.role = reader.int32();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.count = reader.uint32();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.moduleHash = reader.bytes();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.resources = Capacity.decode(reader, reader.uint32());
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.minBandwidthBps = reader.uint64();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.maxPricePerFuel = reader.uint64();
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.region = reader.string();
            continue;
          }
          case 8: {
            if (tag !== 64) {
              break;
            }
            message.strategy = reader.int32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return RoleRequirement.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRoleRequirement();
    message.role = object.role ?? 0;
    message.count = object.count ?? 0;
    message.moduleHash = object.moduleHash ?? new Uint8Array(0);
    message.resources =
      object.resources !== void 0 && object.resources !== null
        ? Capacity.fromPartial(object.resources)
        : void 0;
    message.minBandwidthBps =
      object.minBandwidthBps !== void 0 && object.minBandwidthBps !== null
        ? BigInt(object.minBandwidthBps)
        : 0n;
    message.maxPricePerFuel =
      object.maxPricePerFuel !== void 0 && object.maxPricePerFuel !== null
        ? BigInt(object.maxPricePerFuel)
        : 0n;
    message.region = object.region ?? "";
    message.strategy = object.strategy ?? 0;
    return message;
  },
};
function createBaseModuleCanary() {
  return { moduleHash: new Uint8Array(0), percent: 0, rollbackThresholdBps: 0 };
}
var ModuleCanary = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.moduleHash.length !== 0) {
      writer.uint32(10).bytes(message.moduleHash);
    }
    if (message.percent !== 0) {
      writer.uint32(16).uint32(message.percent);
    }
    if (message.rollbackThresholdBps !== 0) {
      writer.uint32(24).uint32(message.rollbackThresholdBps);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseModuleCanary();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.moduleHash = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.percent = reader.uint32();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.rollbackThresholdBps = reader.uint32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ModuleCanary.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseModuleCanary();
    message.moduleHash = object.moduleHash ?? new Uint8Array(0);
    message.percent = object.percent ?? 0;
    message.rollbackThresholdBps = object.rollbackThresholdBps ?? 0;
    return message;
  },
};
function createBaseCreateSessionRequest() {
  return {
    sessionId: new Uint8Array(0),
    owner: "",
    roles: [],
    priority: 0,
    fuelLimitPerStep: 0n,
    canary: void 0,
    auth: void 0,
  };
}
var CreateSessionRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.owner !== "") {
      writer.uint32(18).string(message.owner);
    }
    for (const v of message.roles) {
      RoleRequirement.encode(v, writer.uint32(26).fork()).join();
    }
    if (message.priority !== 0) {
      writer.uint32(32).uint32(message.priority);
    }
    if (message.fuelLimitPerStep !== 0n) {
      if (BigInt.asUintN(64, message.fuelLimitPerStep) !== message.fuelLimitPerStep) {
        throw new globalThis.Error(
          "value provided for field message.fuelLimitPerStep of type uint64 too large",
        );
      }
      writer.uint32(40).uint64(message.fuelLimitPerStep);
    }
    if (message.canary !== void 0) {
      ModuleCanary.encode(message.canary, writer.uint32(50).fork()).join();
    }
    if (message.auth !== void 0) {
      RequestAuth.encode(message.auth, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCreateSessionRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.owner = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.roles.push(RoleRequirement.decode(reader, reader.uint32()));
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.priority = reader.uint32();
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.fuelLimitPerStep = reader.uint64();
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.canary = ModuleCanary.decode(reader, reader.uint32());
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.auth = RequestAuth.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return CreateSessionRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCreateSessionRequest();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.owner = object.owner ?? "";
    message.roles = object.roles?.map((e) => RoleRequirement.fromPartial(e)) || [];
    message.priority = object.priority ?? 0;
    message.fuelLimitPerStep =
      object.fuelLimitPerStep !== void 0 && object.fuelLimitPerStep !== null
        ? BigInt(object.fuelLimitPerStep)
        : 0n;
    message.canary =
      object.canary !== void 0 && object.canary !== null ? ModuleCanary.fromPartial(object.canary) : void 0;
    message.auth =
      object.auth !== void 0 && object.auth !== null ? RequestAuth.fromPartial(object.auth) : void 0;
    return message;
  },
};
function createBaseLeaseInfo() {
  return {
    leaseId: new Uint8Array(0),
    role: 0,
    peerId: "",
    operator: "",
    state: 0,
    pricePerFuel: 0n,
    moduleHash: new Uint8Array(0),
  };
}
var LeaseInfo = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.leaseId.length !== 0) {
      writer.uint32(10).bytes(message.leaseId);
    }
    if (message.role !== 0) {
      writer.uint32(16).int32(message.role);
    }
    if (message.peerId !== "") {
      writer.uint32(26).string(message.peerId);
    }
    if (message.operator !== "") {
      writer.uint32(34).string(message.operator);
    }
    if (message.state !== 0) {
      writer.uint32(40).int32(message.state);
    }
    if (message.pricePerFuel !== 0n) {
      if (BigInt.asUintN(64, message.pricePerFuel) !== message.pricePerFuel) {
        throw new globalThis.Error("value provided for field message.pricePerFuel of type uint64 too large");
      }
      writer.uint32(48).uint64(message.pricePerFuel);
    }
    if (message.moduleHash.length !== 0) {
      writer.uint32(58).bytes(message.moduleHash);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLeaseInfo();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.leaseId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.role = reader.int32();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.peerId = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.operator = reader.string();
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.pricePerFuel = reader.uint64();
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.moduleHash = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return LeaseInfo.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLeaseInfo();
    message.leaseId = object.leaseId ?? new Uint8Array(0);
    message.role = object.role ?? 0;
    message.peerId = object.peerId ?? "";
    message.operator = object.operator ?? "";
    message.state = object.state ?? 0;
    message.pricePerFuel =
      object.pricePerFuel !== void 0 && object.pricePerFuel !== null ? BigInt(object.pricePerFuel) : 0n;
    message.moduleHash = object.moduleHash ?? new Uint8Array(0);
    return message;
  },
};
function createBaseCreateSessionResponse() {
  return { sessionId: new Uint8Array(0), leases: [] };
}
var CreateSessionResponse = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    for (const v of message.leases) {
      LeaseInfo.encode(v, writer.uint32(18).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCreateSessionResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.leases.push(LeaseInfo.decode(reader, reader.uint32()));
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return CreateSessionResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCreateSessionResponse();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.leases = object.leases?.map((e) => LeaseInfo.fromPartial(e)) || [];
    return message;
  },
};
function createBaseSubmitStepRequest() {
  return {
    sessionId: new Uint8Array(0),
    input: new Uint8Array(0),
    timestampMs: 0n,
    clientStepId: "",
    traceparent: "",
    auth: void 0,
  };
}
var SubmitStepRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.input.length !== 0) {
      writer.uint32(18).bytes(message.input);
    }
    if (message.timestampMs !== 0n) {
      if (BigInt.asUintN(64, message.timestampMs) !== message.timestampMs) {
        throw new globalThis.Error("value provided for field message.timestampMs of type uint64 too large");
      }
      writer.uint32(24).uint64(message.timestampMs);
    }
    if (message.clientStepId !== "") {
      writer.uint32(34).string(message.clientStepId);
    }
    if (message.traceparent !== "") {
      writer.uint32(42).string(message.traceparent);
    }
    if (message.auth !== void 0) {
      RequestAuth.encode(message.auth, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseSubmitStepRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.input = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.timestampMs = reader.uint64();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.clientStepId = reader.string();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.traceparent = reader.string();
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.auth = RequestAuth.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return SubmitStepRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseSubmitStepRequest();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.input = object.input ?? new Uint8Array(0);
    message.timestampMs =
      object.timestampMs !== void 0 && object.timestampMs !== null ? BigInt(object.timestampMs) : 0n;
    message.clientStepId = object.clientStepId ?? "";
    message.traceparent = object.traceparent ?? "";
    message.auth =
      object.auth !== void 0 && object.auth !== null ? RequestAuth.fromPartial(object.auth) : void 0;
    return message;
  },
};
function createBaseSubmitStepResponse() {
  return { sequence: 0n, duplicate: false };
}
var SubmitStepResponse = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sequence !== 0n) {
      if (BigInt.asUintN(64, message.sequence) !== message.sequence) {
        throw new globalThis.Error("value provided for field message.sequence of type uint64 too large");
      }
      writer.uint32(8).uint64(message.sequence);
    }
    if (message.duplicate !== false) {
      writer.uint32(16).bool(message.duplicate);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseSubmitStepResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.sequence = reader.uint64();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.duplicate = reader.bool();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return SubmitStepResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseSubmitStepResponse();
    message.sequence = object.sequence !== void 0 && object.sequence !== null ? BigInt(object.sequence) : 0n;
    message.duplicate = object.duplicate ?? false;
    return message;
  },
};
function createBaseWatchSessionRequest() {
  return { sessionId: new Uint8Array(0), afterCursor: 0n, auth: void 0 };
}
var WatchSessionRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.afterCursor !== 0n) {
      if (BigInt.asUintN(64, message.afterCursor) !== message.afterCursor) {
        throw new globalThis.Error("value provided for field message.afterCursor of type uint64 too large");
      }
      writer.uint32(16).uint64(message.afterCursor);
    }
    if (message.auth !== void 0) {
      RequestAuth.encode(message.auth, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseWatchSessionRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.afterCursor = reader.uint64();
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.auth = RequestAuth.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return WatchSessionRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseWatchSessionRequest();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.afterCursor =
      object.afterCursor !== void 0 && object.afterCursor !== null ? BigInt(object.afterCursor) : 0n;
    message.auth =
      object.auth !== void 0 && object.auth !== null ? RequestAuth.fromPartial(object.auth) : void 0;
    return message;
  },
};
function createBaseStepCompleted() {
  return {
    sequence: 0n,
    output: new Uint8Array(0),
    receipts: [],
    stateRoot: new Uint8Array(0),
    clientStepId: "",
    latencyUs: 0n,
  };
}
var StepCompleted = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sequence !== 0n) {
      if (BigInt.asUintN(64, message.sequence) !== message.sequence) {
        throw new globalThis.Error("value provided for field message.sequence of type uint64 too large");
      }
      writer.uint32(8).uint64(message.sequence);
    }
    if (message.output.length !== 0) {
      writer.uint32(18).bytes(message.output);
    }
    for (const v of message.receipts) {
      Receipt.encode(v, writer.uint32(26).fork()).join();
    }
    if (message.stateRoot.length !== 0) {
      writer.uint32(34).bytes(message.stateRoot);
    }
    if (message.clientStepId !== "") {
      writer.uint32(42).string(message.clientStepId);
    }
    if (message.latencyUs !== 0n) {
      if (BigInt.asUintN(64, message.latencyUs) !== message.latencyUs) {
        throw new globalThis.Error("value provided for field message.latencyUs of type uint64 too large");
      }
      writer.uint32(48).uint64(message.latencyUs);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStepCompleted();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.sequence = reader.uint64();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.output = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.receipts.push(Receipt.decode(reader, reader.uint32()));
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.stateRoot = reader.bytes();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.clientStepId = reader.string();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.latencyUs = reader.uint64();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return StepCompleted.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStepCompleted();
    message.sequence = object.sequence !== void 0 && object.sequence !== null ? BigInt(object.sequence) : 0n;
    message.output = object.output ?? new Uint8Array(0);
    message.receipts = object.receipts?.map((e) => Receipt.fromPartial(e)) || [];
    message.stateRoot = object.stateRoot ?? new Uint8Array(0);
    message.clientStepId = object.clientStepId ?? "";
    message.latencyUs =
      object.latencyUs !== void 0 && object.latencyUs !== null ? BigInt(object.latencyUs) : 0n;
    return message;
  },
};
function createBaseStepFailed() {
  return { sequence: 0n, code: "", message: "", receipts: [], clientStepId: "" };
}
var StepFailed = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sequence !== 0n) {
      if (BigInt.asUintN(64, message.sequence) !== message.sequence) {
        throw new globalThis.Error("value provided for field message.sequence of type uint64 too large");
      }
      writer.uint32(8).uint64(message.sequence);
    }
    if (message.code !== "") {
      writer.uint32(18).string(message.code);
    }
    if (message.message !== "") {
      writer.uint32(26).string(message.message);
    }
    for (const v of message.receipts) {
      Receipt.encode(v, writer.uint32(34).fork()).join();
    }
    if (message.clientStepId !== "") {
      writer.uint32(42).string(message.clientStepId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStepFailed();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.sequence = reader.uint64();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.code = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.message = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.receipts.push(Receipt.decode(reader, reader.uint32()));
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.clientStepId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return StepFailed.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStepFailed();
    message.sequence = object.sequence !== void 0 && object.sequence !== null ? BigInt(object.sequence) : 0n;
    message.code = object.code ?? "";
    message.message = object.message ?? "";
    message.receipts = object.receipts?.map((e) => Receipt.fromPartial(e)) || [];
    message.clientStepId = object.clientStepId ?? "";
    return message;
  },
};
function createBaseLeaseChanged() {
  return { lease: void 0, reason: "" };
}
var LeaseChanged = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.lease !== void 0) {
      LeaseInfo.encode(message.lease, writer.uint32(10).fork()).join();
    }
    if (message.reason !== "") {
      writer.uint32(18).string(message.reason);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLeaseChanged();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.lease = LeaseInfo.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.reason = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return LeaseChanged.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLeaseChanged();
    message.lease =
      object.lease !== void 0 && object.lease !== null ? LeaseInfo.fromPartial(object.lease) : void 0;
    message.reason = object.reason ?? "";
    return message;
  },
};
function createBaseSessionClosed() {
  return { reason: "" };
}
var SessionClosed = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.reason !== "") {
      writer.uint32(10).string(message.reason);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseSessionClosed();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.reason = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return SessionClosed.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseSessionClosed();
    message.reason = object.reason ?? "";
    return message;
  },
};
function createBaseVerificationResult() {
  return { attestation: void 0 };
}
var VerificationResult = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.attestation !== void 0) {
      Attestation.encode(message.attestation, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseVerificationResult();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.attestation = Attestation.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return VerificationResult.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseVerificationResult();
    message.attestation =
      object.attestation !== void 0 && object.attestation !== null
        ? Attestation.fromPartial(object.attestation)
        : void 0;
    return message;
  },
};
function createBaseSessionEvent() {
  return { cursor: 0n, sessionId: new Uint8Array(0), kind: void 0 };
}
var SessionEvent = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.cursor !== 0n) {
      if (BigInt.asUintN(64, message.cursor) !== message.cursor) {
        throw new globalThis.Error("value provided for field message.cursor of type uint64 too large");
      }
      writer.uint32(8).uint64(message.cursor);
    }
    if (message.sessionId.length !== 0) {
      writer.uint32(18).bytes(message.sessionId);
    }
    switch (message.kind?.$case) {
      case "stepCompleted":
        StepCompleted.encode(message.kind.value, writer.uint32(26).fork()).join();
        break;
      case "stepFailed":
        StepFailed.encode(message.kind.value, writer.uint32(34).fork()).join();
        break;
      case "leaseChanged":
        LeaseChanged.encode(message.kind.value, writer.uint32(42).fork()).join();
        break;
      case "closed":
        SessionClosed.encode(message.kind.value, writer.uint32(50).fork()).join();
        break;
      case "verification":
        VerificationResult.encode(message.kind.value, writer.uint32(58).fork()).join();
        break;
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseSessionEvent();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.cursor = reader.uint64();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.kind = { $case: "stepCompleted", value: StepCompleted.decode(reader, reader.uint32()) };
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.kind = { $case: "stepFailed", value: StepFailed.decode(reader, reader.uint32()) };
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.kind = { $case: "leaseChanged", value: LeaseChanged.decode(reader, reader.uint32()) };
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.kind = { $case: "closed", value: SessionClosed.decode(reader, reader.uint32()) };
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.kind = {
              $case: "verification",
              value: VerificationResult.decode(reader, reader.uint32()),
            };
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return SessionEvent.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseSessionEvent();
    message.cursor = object.cursor !== void 0 && object.cursor !== null ? BigInt(object.cursor) : 0n;
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    switch (object.kind?.$case) {
      case "stepCompleted": {
        if (object.kind?.value !== void 0 && object.kind?.value !== null) {
          message.kind = { $case: "stepCompleted", value: StepCompleted.fromPartial(object.kind.value) };
        }
        break;
      }
      case "stepFailed": {
        if (object.kind?.value !== void 0 && object.kind?.value !== null) {
          message.kind = { $case: "stepFailed", value: StepFailed.fromPartial(object.kind.value) };
        }
        break;
      }
      case "leaseChanged": {
        if (object.kind?.value !== void 0 && object.kind?.value !== null) {
          message.kind = { $case: "leaseChanged", value: LeaseChanged.fromPartial(object.kind.value) };
        }
        break;
      }
      case "closed": {
        if (object.kind?.value !== void 0 && object.kind?.value !== null) {
          message.kind = { $case: "closed", value: SessionClosed.fromPartial(object.kind.value) };
        }
        break;
      }
      case "verification": {
        if (object.kind?.value !== void 0 && object.kind?.value !== null) {
          message.kind = { $case: "verification", value: VerificationResult.fromPartial(object.kind.value) };
        }
        break;
      }
    }
    return message;
  },
};
function createBaseGetReceiptsRequest() {
  return { sessionId: new Uint8Array(0), fromSequence: 0n, limit: 0 };
}
var GetReceiptsRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.fromSequence !== 0n) {
      if (BigInt.asUintN(64, message.fromSequence) !== message.fromSequence) {
        throw new globalThis.Error("value provided for field message.fromSequence of type uint64 too large");
      }
      writer.uint32(16).uint64(message.fromSequence);
    }
    if (message.limit !== 0) {
      writer.uint32(24).uint32(message.limit);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseGetReceiptsRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.fromSequence = reader.uint64();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.limit = reader.uint32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return GetReceiptsRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseGetReceiptsRequest();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.fromSequence =
      object.fromSequence !== void 0 && object.fromSequence !== null ? BigInt(object.fromSequence) : 0n;
    message.limit = object.limit ?? 0;
    return message;
  },
};
function createBaseGetReceiptsResponse() {
  return { receipts: [] };
}
var GetReceiptsResponse = {
  encode(message, writer = new BinaryWriter5()) {
    for (const v of message.receipts) {
      Receipt.encode(v, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseGetReceiptsResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.receipts.push(Receipt.decode(reader, reader.uint32()));
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return GetReceiptsResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseGetReceiptsResponse();
    message.receipts = object.receipts?.map((e) => Receipt.fromPartial(e)) || [];
    return message;
  },
};
function createBaseCloseSessionRequest() {
  return { sessionId: new Uint8Array(0), auth: void 0 };
}
var CloseSessionRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    if (message.auth !== void 0) {
      RequestAuth.encode(message.auth, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCloseSessionRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.auth = RequestAuth.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return CloseSessionRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCloseSessionRequest();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.auth =
      object.auth !== void 0 && object.auth !== null ? RequestAuth.fromPartial(object.auth) : void 0;
    return message;
  },
};
function createBaseCloseSessionResponse() {
  return { leases: [] };
}
var CloseSessionResponse = {
  encode(message, writer = new BinaryWriter5()) {
    for (const v of message.leases) {
      LeaseInfo.encode(v, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCloseSessionResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.leases.push(LeaseInfo.decode(reader, reader.uint32()));
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return CloseSessionResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCloseSessionResponse();
    message.leases = object.leases?.map((e) => LeaseInfo.fromPartial(e)) || [];
    return message;
  },
};
function createBaseSubmitVoucherRequest() {
  return { voucher: void 0, auth: void 0 };
}
var SubmitVoucherRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.voucher !== void 0) {
      Voucher.encode(message.voucher, writer.uint32(10).fork()).join();
    }
    if (message.auth !== void 0) {
      RequestAuth.encode(message.auth, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseSubmitVoucherRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.voucher = Voucher.decode(reader, reader.uint32());
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.auth = RequestAuth.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return SubmitVoucherRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseSubmitVoucherRequest();
    message.voucher =
      object.voucher !== void 0 && object.voucher !== null ? Voucher.fromPartial(object.voucher) : void 0;
    message.auth =
      object.auth !== void 0 && object.auth !== null ? RequestAuth.fromPartial(object.auth) : void 0;
    return message;
  },
};
function createBaseSubmitVoucherResponse() {
  return {};
}
var SubmitVoucherResponse = {
  encode(_, writer = new BinaryWriter5()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseSubmitVoucherResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return SubmitVoucherResponse.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseSubmitVoucherResponse();
    return message;
  },
};
function createBasePutBlobRequest() {
  return { data: new Uint8Array(0), auth: void 0 };
}
var PutBlobRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.data.length !== 0) {
      writer.uint32(10).bytes(message.data);
    }
    if (message.auth !== void 0) {
      RequestAuth.encode(message.auth, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePutBlobRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.data = reader.bytes();
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.auth = RequestAuth.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return PutBlobRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePutBlobRequest();
    message.data = object.data ?? new Uint8Array(0);
    message.auth =
      object.auth !== void 0 && object.auth !== null ? RequestAuth.fromPartial(object.auth) : void 0;
    return message;
  },
};
function createBasePutBlobResponse() {
  return { hash: new Uint8Array(0) };
}
var PutBlobResponse = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.hash.length !== 0) {
      writer.uint32(10).bytes(message.hash);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePutBlobResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.hash = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return PutBlobResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePutBlobResponse();
    message.hash = object.hash ?? new Uint8Array(0);
    return message;
  },
};
function createBaseExplainPlacementRequest() {
  return { sessionId: new Uint8Array(0) };
}
var ExplainPlacementRequest = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseExplainPlacementRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ExplainPlacementRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseExplainPlacementRequest();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    return message;
  },
};
function createBaseCandidateScore() {
  return { name: "", raw: 0, normalized: 0, weight: 0 };
}
var CandidateScore = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.name !== "") {
      writer.uint32(10).string(message.name);
    }
    if (message.raw !== 0) {
      writer.uint32(17).double(message.raw);
    }
    if (message.normalized !== 0) {
      writer.uint32(25).double(message.normalized);
    }
    if (message.weight !== 0) {
      writer.uint32(33).double(message.weight);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCandidateScore();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.name = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 17) {
              break;
            }
            message.raw = reader.double();
            continue;
          }
          case 3: {
            if (tag !== 25) {
              break;
            }
            message.normalized = reader.double();
            continue;
          }
          case 4: {
            if (tag !== 33) {
              break;
            }
            message.weight = reader.double();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return CandidateScore.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCandidateScore();
    message.name = object.name ?? "";
    message.raw = object.raw ?? 0;
    message.normalized = object.normalized ?? 0;
    message.weight = object.weight ?? 0;
    return message;
  },
};
function createBaseCandidate() {
  return { peerId: "", feasible: false, filteredBy: "", detail: "", scores: [], total: 0, selected: false };
}
var Candidate = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.peerId !== "") {
      writer.uint32(10).string(message.peerId);
    }
    if (message.feasible !== false) {
      writer.uint32(16).bool(message.feasible);
    }
    if (message.filteredBy !== "") {
      writer.uint32(26).string(message.filteredBy);
    }
    if (message.detail !== "") {
      writer.uint32(34).string(message.detail);
    }
    for (const v of message.scores) {
      CandidateScore.encode(v, writer.uint32(42).fork()).join();
    }
    if (message.total !== 0) {
      writer.uint32(49).double(message.total);
    }
    if (message.selected !== false) {
      writer.uint32(56).bool(message.selected);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCandidate();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.peerId = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.feasible = reader.bool();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.filteredBy = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.detail = reader.string();
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.scores.push(CandidateScore.decode(reader, reader.uint32()));
            continue;
          }
          case 6: {
            if (tag !== 49) {
              break;
            }
            message.total = reader.double();
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.selected = reader.bool();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Candidate.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCandidate();
    message.peerId = object.peerId ?? "";
    message.feasible = object.feasible ?? false;
    message.filteredBy = object.filteredBy ?? "";
    message.detail = object.detail ?? "";
    message.scores = object.scores?.map((e) => CandidateScore.fromPartial(e)) || [];
    message.total = object.total ?? 0;
    message.selected = object.selected ?? false;
    return message;
  },
};
function createBaseRolePlacement() {
  return { role: 0, candidates: [], selected: [], unplacedReason: "", decidedAtMs: 0n };
}
var RolePlacement = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.role !== 0) {
      writer.uint32(8).int32(message.role);
    }
    for (const v of message.candidates) {
      Candidate.encode(v, writer.uint32(18).fork()).join();
    }
    for (const v of message.selected) {
      writer.uint32(26).string(v);
    }
    if (message.unplacedReason !== "") {
      writer.uint32(34).string(message.unplacedReason);
    }
    if (message.decidedAtMs !== 0n) {
      if (BigInt.asUintN(64, message.decidedAtMs) !== message.decidedAtMs) {
        throw new globalThis.Error("value provided for field message.decidedAtMs of type uint64 too large");
      }
      writer.uint32(40).uint64(message.decidedAtMs);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRolePlacement();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.role = reader.int32();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.candidates.push(Candidate.decode(reader, reader.uint32()));
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.selected.push(reader.string());
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.unplacedReason = reader.string();
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.decidedAtMs = reader.uint64();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return RolePlacement.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRolePlacement();
    message.role = object.role ?? 0;
    message.candidates = object.candidates?.map((e) => Candidate.fromPartial(e)) || [];
    message.selected = object.selected?.map((e) => e) || [];
    message.unplacedReason = object.unplacedReason ?? "";
    message.decidedAtMs =
      object.decidedAtMs !== void 0 && object.decidedAtMs !== null ? BigInt(object.decidedAtMs) : 0n;
    return message;
  },
};
function createBaseExplainPlacementResponse() {
  return { sessionId: new Uint8Array(0), roles: [] };
}
var ExplainPlacementResponse = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.sessionId.length !== 0) {
      writer.uint32(10).bytes(message.sessionId);
    }
    for (const v of message.roles) {
      RolePlacement.encode(v, writer.uint32(18).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseExplainPlacementResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.sessionId = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.roles.push(RolePlacement.decode(reader, reader.uint32()));
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ExplainPlacementResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseExplainPlacementResponse();
    message.sessionId = object.sessionId ?? new Uint8Array(0);
    message.roles = object.roles?.map((e) => RolePlacement.fromPartial(e)) || [];
    return message;
  },
};
function createBaseListNodesRequest() {
  return {};
}
var ListNodesRequest = {
  encode(_, writer = new BinaryWriter5()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseListNodesRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ListNodesRequest.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseListNodesRequest();
    return message;
  },
};
function createBaseNodeInfo() {
  return { advert: void 0, lastSeenMs: 0n, failures: 0, reputation: 0 };
}
var NodeInfo = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.advert !== void 0) {
      ResourceAdvert.encode(message.advert, writer.uint32(10).fork()).join();
    }
    if (message.lastSeenMs !== 0n) {
      if (BigInt.asUintN(64, message.lastSeenMs) !== message.lastSeenMs) {
        throw new globalThis.Error("value provided for field message.lastSeenMs of type uint64 too large");
      }
      writer.uint32(16).uint64(message.lastSeenMs);
    }
    if (message.failures !== 0) {
      writer.uint32(24).uint32(message.failures);
    }
    if (message.reputation !== 0) {
      writer.uint32(33).double(message.reputation);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseNodeInfo();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.advert = ResourceAdvert.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.lastSeenMs = reader.uint64();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.failures = reader.uint32();
            continue;
          }
          case 4: {
            if (tag !== 33) {
              break;
            }
            message.reputation = reader.double();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return NodeInfo.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseNodeInfo();
    message.advert =
      object.advert !== void 0 && object.advert !== null ? ResourceAdvert.fromPartial(object.advert) : void 0;
    message.lastSeenMs =
      object.lastSeenMs !== void 0 && object.lastSeenMs !== null ? BigInt(object.lastSeenMs) : 0n;
    message.failures = object.failures ?? 0;
    message.reputation = object.reputation ?? 0;
    return message;
  },
};
function createBaseListNodesResponse() {
  return { nodes: [] };
}
var ListNodesResponse = {
  encode(message, writer = new BinaryWriter5()) {
    for (const v of message.nodes) {
      NodeInfo.encode(v, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseListNodesResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.nodes.push(NodeInfo.decode(reader, reader.uint32()));
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return ListNodesResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseListNodesResponse();
    message.nodes = object.nodes?.map((e) => NodeInfo.fromPartial(e)) || [];
    return message;
  },
};
function createBaseGetParamsRequest() {
  return {};
}
var GetParamsRequest = {
  encode(_, writer = new BinaryWriter5()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseGetParamsRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return GetParamsRequest.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseGetParamsRequest();
    return message;
  },
};
function createBaseParam() {
  return { name: "", value: "" };
}
var Param = {
  encode(message, writer = new BinaryWriter5()) {
    if (message.name !== "") {
      writer.uint32(10).string(message.name);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseParam();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.name = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return Param.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseParam();
    message.name = object.name ?? "";
    message.value = object.value ?? "";
    return message;
  },
};
function createBaseGetParamsResponse() {
  return { params: [], blockNumber: 0n };
}
var GetParamsResponse = {
  encode(message, writer = new BinaryWriter5()) {
    for (const v of message.params) {
      Param.encode(v, writer.uint32(10).fork()).join();
    }
    if (message.blockNumber !== 0n) {
      if (BigInt.asUintN(64, message.blockNumber) !== message.blockNumber) {
        throw new globalThis.Error("value provided for field message.blockNumber of type uint64 too large");
      }
      writer.uint32(16).uint64(message.blockNumber);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader5 ? input : new BinaryReader5(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseGetParamsResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.params.push(Param.decode(reader, reader.uint32()));
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.blockNumber = reader.uint64();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return GetParamsResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseGetParamsResponse();
    message.params = object.params?.map((e) => Param.fromPartial(e)) || [];
    message.blockNumber =
      object.blockNumber !== void 0 && object.blockNumber !== null ? BigInt(object.blockNumber) : 0n;
    return message;
  },
};
var SchedulerService = {
  createSession: {
    path: "/padmesh.v1.Scheduler/CreateSession",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(CreateSessionRequest.encode(value).finish()),
    requestDeserialize: (value) => CreateSessionRequest.decode(value),
    responseSerialize: (value) => Buffer.from(CreateSessionResponse.encode(value).finish()),
    responseDeserialize: (value) => CreateSessionResponse.decode(value),
  },
  submitStep: {
    path: "/padmesh.v1.Scheduler/SubmitStep",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(SubmitStepRequest.encode(value).finish()),
    requestDeserialize: (value) => SubmitStepRequest.decode(value),
    responseSerialize: (value) => Buffer.from(SubmitStepResponse.encode(value).finish()),
    responseDeserialize: (value) => SubmitStepResponse.decode(value),
  },
  watchSession: {
    path: "/padmesh.v1.Scheduler/WatchSession",
    requestStream: false,
    responseStream: true,
    requestSerialize: (value) => Buffer.from(WatchSessionRequest.encode(value).finish()),
    requestDeserialize: (value) => WatchSessionRequest.decode(value),
    responseSerialize: (value) => Buffer.from(SessionEvent.encode(value).finish()),
    responseDeserialize: (value) => SessionEvent.decode(value),
  },
  getReceipts: {
    path: "/padmesh.v1.Scheduler/GetReceipts",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(GetReceiptsRequest.encode(value).finish()),
    requestDeserialize: (value) => GetReceiptsRequest.decode(value),
    responseSerialize: (value) => Buffer.from(GetReceiptsResponse.encode(value).finish()),
    responseDeserialize: (value) => GetReceiptsResponse.decode(value),
  },
  closeSession: {
    path: "/padmesh.v1.Scheduler/CloseSession",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(CloseSessionRequest.encode(value).finish()),
    requestDeserialize: (value) => CloseSessionRequest.decode(value),
    responseSerialize: (value) => Buffer.from(CloseSessionResponse.encode(value).finish()),
    responseDeserialize: (value) => CloseSessionResponse.decode(value),
  },
  explainPlacement: {
    path: "/padmesh.v1.Scheduler/ExplainPlacement",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(ExplainPlacementRequest.encode(value).finish()),
    requestDeserialize: (value) => ExplainPlacementRequest.decode(value),
    responseSerialize: (value) => Buffer.from(ExplainPlacementResponse.encode(value).finish()),
    responseDeserialize: (value) => ExplainPlacementResponse.decode(value),
  },
  submitVoucher: {
    path: "/padmesh.v1.Scheduler/SubmitVoucher",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(SubmitVoucherRequest.encode(value).finish()),
    requestDeserialize: (value) => SubmitVoucherRequest.decode(value),
    responseSerialize: (value) => Buffer.from(SubmitVoucherResponse.encode(value).finish()),
    responseDeserialize: (value) => SubmitVoucherResponse.decode(value),
  },
  putBlob: {
    path: "/padmesh.v1.Scheduler/PutBlob",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(PutBlobRequest.encode(value).finish()),
    requestDeserialize: (value) => PutBlobRequest.decode(value),
    responseSerialize: (value) => Buffer.from(PutBlobResponse.encode(value).finish()),
    responseDeserialize: (value) => PutBlobResponse.decode(value),
  },
};
var SchedulerClient = makeGenericClientConstructor(SchedulerService, "padmesh.v1.Scheduler");
var AdminService = {
  listNodes: {
    path: "/padmesh.v1.Admin/ListNodes",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(ListNodesRequest.encode(value).finish()),
    requestDeserialize: (value) => ListNodesRequest.decode(value),
    responseSerialize: (value) => Buffer.from(ListNodesResponse.encode(value).finish()),
    responseDeserialize: (value) => ListNodesResponse.decode(value),
  },
  getParams: {
    path: "/padmesh.v1.Admin/GetParams",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(GetParamsRequest.encode(value).finish()),
    requestDeserialize: (value) => GetParamsRequest.decode(value),
    responseSerialize: (value) => Buffer.from(GetParamsResponse.encode(value).finish()),
    responseDeserialize: (value) => GetParamsResponse.decode(value),
  },
};
var AdminClient = makeGenericClientConstructor(AdminService, "padmesh.v1.Admin");

// proto/src/gen/padmesh/v1/step.ts
import { BinaryReader as BinaryReader6, BinaryWriter as BinaryWriter6 } from "@bufbuild/protobuf/wire";

function createBaseStepOutput() {
  return {
    output: new Uint8Array(0),
    stateRootAfter: new Uint8Array(0),
    fuelUsed: 0n,
    logs: [],
    receipt: void 0,
    checkpoint: new Uint8Array(0),
    stateSnapshot: new Uint8Array(0),
  };
}
var StepOutput = {
  encode(message, writer = new BinaryWriter6()) {
    if (message.output.length !== 0) {
      writer.uint32(10).bytes(message.output);
    }
    if (message.stateRootAfter.length !== 0) {
      writer.uint32(18).bytes(message.stateRootAfter);
    }
    if (message.fuelUsed !== 0n) {
      if (BigInt.asUintN(64, message.fuelUsed) !== message.fuelUsed) {
        throw new globalThis.Error("value provided for field message.fuelUsed of type uint64 too large");
      }
      writer.uint32(24).uint64(message.fuelUsed);
    }
    for (const v of message.logs) {
      writer.uint32(34).string(v);
    }
    if (message.receipt !== void 0) {
      Receipt.encode(message.receipt, writer.uint32(42).fork()).join();
    }
    if (message.checkpoint.length !== 0) {
      writer.uint32(50).bytes(message.checkpoint);
    }
    if (message.stateSnapshot.length !== 0) {
      writer.uint32(58).bytes(message.stateSnapshot);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader6 ? input : new BinaryReader6(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStepOutput();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.output = reader.bytes();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.stateRootAfter = reader.bytes();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.fuelUsed = reader.uint64();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.logs.push(reader.string());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.receipt = Receipt.decode(reader, reader.uint32());
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.checkpoint = reader.bytes();
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.stateSnapshot = reader.bytes();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  create(base) {
    return StepOutput.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStepOutput();
    message.output = object.output ?? new Uint8Array(0);
    message.stateRootAfter = object.stateRootAfter ?? new Uint8Array(0);
    message.fuelUsed = object.fuelUsed !== void 0 && object.fuelUsed !== null ? BigInt(object.fuelUsed) : 0n;
    message.logs = object.logs?.map((e) => e) || [];
    message.receipt =
      object.receipt !== void 0 && object.receipt !== null ? Receipt.fromPartial(object.receipt) : void 0;
    message.checkpoint = object.checkpoint ?? new Uint8Array(0);
    message.stateSnapshot = object.stateSnapshot ?? new Uint8Array(0);
    return message;
  },
};

// proto/src/wire/peer-key.ts
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
// proto/src/wire/host.ts
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { bootstrap } from "@libp2p/bootstrap";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { gossipsub } from "@libp2p/gossipsub";
import {
  createPeerScoreParams,
  createPeerScoreThresholds,
  createTopicScoreParams,
} from "@libp2p/gossipsub/score";
import { identify } from "@libp2p/identify";
import { mdns } from "@libp2p/mdns";
import { tcp } from "@libp2p/tcp";
// node/src/journal/level-journal.ts
import { Level } from "level";
import { createLibp2p } from "libp2p";

// node/src/errors.ts
var SigningConflictError = class extends PadMeshError {
  leaseId;
  sequence;
  constructor(leaseId, sequence) {
    super(
      "ERR_SIGNING_CONFLICT",
      `a different receipt is already recorded for lease ${leaseId} sequence ${sequence}`,
    );
    this.leaseId = leaseId;
    this.sequence = sequence;
  }
};
var JournalError = class extends PadMeshError {
  constructor(reason, options = {}) {
    super("ERR_JOURNAL", `journal: ${reason}`, options);
  }
};

// node/src/journal/group-commit.ts
var GroupCommitter = class {
  queue = [];
  running;
  closed = false;
  stats = { batches: 0, ops: 0 };
  init;
  constructor(init) {
    this.init = init;
  }
  /** Resolves when `ops` are durable; rejects if their batch failed or the committer is closed. */
  submit(ops) {
    if (this.closed) return Promise.reject(new Error("group committer closed"));
    if (ops.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      if (!this.running) {
        this.running = new Promise((r) => setImmediate(r)).then(() => this.drain());
      }
    });
  }
  /** Wait for every submitted op to be written (or fail). */
  async flush() {
    while (this.running) await this.running;
  }
  /** Flush, then refuse further submissions. */
  async close() {
    await this.flush();
    this.closed = true;
  }
  async drain() {
    const max = this.init.maxBatch ?? 1e3;
    try {
      while (this.queue.length > 0) {
        const batch = [];
        let n = 0;
        while (this.queue.length > 0 && (batch.length === 0 || n + this.queue[0].ops.length <= max)) {
          const w = this.queue.shift();
          batch.push(w);
          n += w.ops.length;
        }
        const ops = batch.flatMap((w) => w.ops);
        try {
          await this.init.write(ops);
          this.stats.batches++;
          this.stats.ops += ops.length;
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.running = void 0;
    }
  }
};

// node/src/journal/level-journal.ts
var seqKey = (s) => s.toString().padStart(20, "0");
var hex = (b) => toHex(b).slice(2);
var utf82 = new TextEncoder();
var fromUtf8 = new TextDecoder();
function createLevelJournal(init) {
  const db = new Level(init.path, { keyEncoding: "utf8", valueEncoding: "view" });
  const sync = init.sync ?? true;
  const committer = new GroupCommitter({
    maxBatch: init.maxBatch ?? 1e3,
    write: (ops) => db.batch(ops, { sync }),
  });
  let advertSeq;
  async function write(ops) {
    if (db.status !== "open") throw new JournalError(`database is ${db.status}`);
    try {
      await committer.submit(ops);
    } catch (cause) {
      throw new JournalError("write failed", { cause });
    }
  }
  async function get(key) {
    if (db.status !== "open") throw new JournalError(`database is ${db.status}`);
    return (await db.get(key)) ?? void 0;
  }
  function decodeStep(leaseId, sequence, bytes, intent) {
    return {
      leaseId,
      sequence,
      receiptHash: intent,
      output: decodeMessage(StepOutput, "StepOutput", bytes, { maxBytes: Number.MAX_SAFE_INTEGER }),
    };
  }
  const journal = {
    stats: committer.stats,
    async open() {
      await db.open();
      const seq = await db.get("m/advertSeq");
      advertSeq = seq ? BigInt(fromUtf8.decode(seq)) : 0n;
    },
    async close() {
      await committer.flush();
      if (db.status === "open") await db.close();
    },
    async appendStep(r) {
      const k = `${hex(r.leaseId)}/${seqKey(r.sequence)}`;
      await write([
        { type: "put", key: `s/${k}`, value: encodeMessage(StepOutput, r.output) },
        { type: "put", key: `i/${k}`, value: r.receiptHash },
      ]);
    },
    async getIntent(leaseId, sequence) {
      return get(`i/${hex(leaseId)}/${seqKey(sequence)}`);
    },
    async getStep(leaseId, sequence) {
      const k = `${hex(leaseId)}/${seqKey(sequence)}`;
      const [bytes, intent] = await Promise.all([get(`s/${k}`), get(`i/${k}`)]);
      if (!bytes || !intent) return void 0;
      return decodeStep(leaseId, sequence, bytes, intent);
    },
    async latestStep(leaseId) {
      const prefix = `s/${hex(leaseId)}/`;
      for await (const [key, value] of db.iterator({
        gte: prefix,
        lt: `${prefix}~`,
        reverse: true,
        limit: 1,
      })) {
        const sequence = BigInt(key.slice(prefix.length));
        const intent = await get(`i/${hex(leaseId)}/${seqKey(sequence)}`);
        if (!intent) return void 0;
        return decodeStep(leaseId, sequence, value, intent);
      }
      return void 0;
    },
    async putSignature(leaseId, sequence, signature) {
      await write([{ type: "put", key: `g/${hex(leaseId)}/${seqKey(sequence)}`, value: signature }]);
    },
    async getSignature(leaseId, sequence) {
      return get(`g/${hex(leaseId)}/${seqKey(sequence)}`);
    },
    async putLease(r) {
      const json = JSON.stringify({
        terms: Buffer.from(encodeMessage(LeaseTerms, r.terms)).toString("base64"),
        state: r.state,
        confirmedAtMs: r.confirmedAtMs,
        endedAtMs: r.endedAtMs,
        endReason: r.endReason,
      });
      await write([{ type: "put", key: `l/${hex(r.terms.leaseId)}`, value: utf82.encode(json) }]);
    },
    async leases() {
      const out = [];
      for await (const [, value] of db.iterator({ gte: "l/", lt: "l/~" })) {
        const j = JSON.parse(fromUtf8.decode(value));
        out.push({ ...j, terms: decodeMessage(LeaseTerms, "LeaseTerms", Buffer.from(j.terms, "base64")) });
      }
      return out;
    },
    async putVoucher(v) {
      await write([{ type: "put", key: `v/${hex(v.leaseId)}`, value: encodeMessage(Voucher, v) }]);
    },
    async getVoucher(leaseId) {
      const b = await get(`v/${hex(leaseId)}`);
      return b ? decodeMessage(Voucher, "Voucher", b) : void 0;
    },
    async putClaim(r) {
      const json = JSON.stringify({ ...r, leaseId: hex(r.leaseId) });
      await write([{ type: "put", key: `c/${hex(r.leaseId)}`, value: utf82.encode(json) }]);
    },
    async getClaim(leaseId) {
      const b = await get(`c/${hex(leaseId)}`);
      if (!b) return void 0;
      const j = JSON.parse(fromUtf8.decode(b));
      return { ...j, leaseId };
    },
    async nextAdvertSequence() {
      if (advertSeq === void 0) throw new JournalError("not open");
      const next = advertSeq + 1n;
      advertSeq = next;
      await write([{ type: "put", key: "m/advertSeq", value: utf82.encode(next.toString()) }]);
      return next;
    },
  };
  return journal;
}

// node/src/journal/signing-guard.ts
function createSigningGuard(components) {
  const { journal, signer, domain } = components;
  const inflight = /* @__PURE__ */ new Map();
  async function sign2(receipt, hash) {
    const signature = await signer.signDigest(hash);
    return { ...receipt, operator: signer.address, signature };
  }
  return {
    async commitAndSign(output) {
      const receipt = output.receipt;
      if (!receipt) throw new TypeError("StepOutput without a receipt");
      const unsigned = { ...receipt, operator: signer.address, signature: new Uint8Array(0) };
      const hash = hashReceipt(domain, unsigned);
      const key = `${toHex(unsigned.leaseId)}/${unsigned.sequence}`;
      const pending = inflight.get(key);
      if (pending) {
        if (!bytesEqual(pending.hash, hash))
          throw new SigningConflictError(toHex(unsigned.leaseId), unsigned.sequence);
        await pending.done;
        return {
          output: { ...output, receipt: await sign2(unsigned, hash) },
          receiptHash: hash,
          replayed: true,
        };
      }
      let release;
      const done = new Promise((r) => {
        release = r;
      });
      inflight.set(key, { hash, done });
      try {
        const recorded = await journal.getIntent(unsigned.leaseId, unsigned.sequence);
        if (recorded && !bytesEqual(recorded, hash)) {
          throw new SigningConflictError(toHex(unsigned.leaseId), unsigned.sequence);
        }
        const replayed = recorded !== void 0;
        if (!replayed) {
          await journal.appendStep({
            leaseId: unsigned.leaseId,
            sequence: unsigned.sequence,
            receiptHash: hash,
            output: { ...output, receipt: unsigned },
          });
        }
        const signed = await sign2(unsigned, hash);
        journal.putSignature(unsigned.leaseId, unsigned.sequence, signed.signature).catch(() => void 0);
        return { output: { ...output, receipt: signed }, receiptHash: hash, replayed };
      } finally {
        inflight.delete(key);
        release();
      }
    },
    async resign(leaseId, sequence) {
      const rec = await journal.getStep(leaseId, sequence);
      if (!rec?.output.receipt) return void 0;
      const unsigned = { ...rec.output.receipt, signature: new Uint8Array(0) };
      const hash = hashReceipt(domain, unsigned);
      if (!bytesEqual(hash, rec.receiptHash)) throw new SigningConflictError(toHex(leaseId), sequence);
      const stored = await journal.getSignature(leaseId, sequence);
      const receipt = stored
        ? { ...unsigned, operator: signer.address, signature: stored }
        : await sign2(unsigned, hash);
      return { output: { ...rec.output, receipt }, receiptHash: hash, replayed: true };
    },
  };
}

// node/t2.mts
console.log("ok", typeof createLevelJournal, typeof createSigningGuard, typeof createKeySigner);
