/**
 * gRPC transport to a scheduler: promisified unary calls, server streams, and request signing.
 * Every state-changing call carries a RequestAuth over the request encoded without it.
 */
import { credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import {
  AdminClient,
  encodeMessage,
  type MessageFns,
  type RequestAuth,
  SchedulerClient,
  type Signer,
  signRequest,
} from "@padmesh/proto";
import { SchedulerCallError } from "../errors.js";

export interface SchedulerTransport {
  readonly address: string;
  readonly scheduler: SchedulerClient;
  readonly admin: AdminClient;
  close(): void;
}

/** Open (lazily-connecting) gRPC clients to `address` ("host:port"). */
export function createSchedulerTransport(address: string): SchedulerTransport {
  const creds = credentials.createInsecure();
  const options = { "grpc.keepalive_time_ms": 10_000, "grpc.max_receive_message_length": 16 * 1024 * 1024 };
  const scheduler = new SchedulerClient(address, creds, options);
  const admin = new AdminClient(address, creds, options);
  return {
    address,
    scheduler,
    admin,
    close() {
      scheduler.close();
      admin.close();
    },
  };
}

/** Sign `request` for `method`: returns a copy with `auth` set. */
export async function authenticate<T extends { auth?: RequestAuth | undefined }>(
  type: MessageFns<T>,
  method: string,
  request: T,
  signer: Signer,
): Promise<T> {
  const body = encodeMessage(type, { ...request, auth: undefined });
  return { ...request, auth: await signRequest(method, body, signer) };
}

type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: { deadline?: Date },
  callback: (err: ServiceError | null, res: Res) => void,
) => unknown;

/** Call a unary RPC; failures become SchedulerCallError with the server's code and retry hint. */
export function unary<Req, Res>(
  method: string,
  fn: Unary<Req, Res>,
  request: Req,
  opts: { timeoutMs?: number } = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + (opts.timeoutMs ?? 30_000));
    fn(request, new Metadata(), { deadline }, (err, res) => {
      if (err) reject(toCallError(method, err));
      else resolve(res);
    });
  });
}

export function toCallError(method: string, err: ServiceError): SchedulerCallError {
  const retry = err.metadata?.get("retry-after-ms")?.[0];
  const retryAfterMs = retry === undefined ? undefined : Number(retry);
  const serverCode = err.metadata?.get("padmesh-error-code")?.[0];
  return new SchedulerCallError(method, err.code ?? 2, err.details || err.message, retryAfterMs, {
    cause: err,
    serverCode: typeof serverCode === "string" ? serverCode : undefined,
  });
}
