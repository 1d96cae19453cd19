/**
 * The dashboard's HTTP server (see interface.ts for the routes). Read-only: it shows what the
 * observer aggregated and what the span store holds, and changes nothing.
 */
import { rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SpanStore } from "@padmesh/proto";
import type { Observer } from "../observability/interface.js";
import { type Asset, loadAssets } from "./assets.js";
import type { DashboardInit, DashboardServer } from "./interface.js";

export interface DashboardComponents {
  observer: Observer;
  spans: SpanStore;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

const TRACE_ID = /^[0-9a-f]{32}$/;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** @example const d = createDashboard({ observer, spans, logger }, { host: "127.0.0.1", port: 0 }); await d.start(); d.url */
export function createDashboard(components: DashboardComponents, init: DashboardInit): DashboardServer {
  const { observer, spans, logger } = components;
  const pushEveryMs = init.pushIntervalMs ?? 500;
  const clients = new Set<ServerResponse>();
  let assets = new Map<string, Asset>();
  let server: Server | undefined;
  let url = "";
  let unsubscribe: (() => void) | undefined;
  let lastPush = 0;
  let allowedHosts = new Set<string>();
  let pending: NodeJS.Timeout | undefined;

  const frame = () => `event: snapshot\ndata: ${JSON.stringify(observer.snapshot())}\n\n`;

  function push(): void {
    pending = undefined;
    lastPush = Date.now();
    if (clients.size === 0) return;
    const data = frame();
    for (const c of clients) c.write(data);
  }

  function schedulePush(): void {
    if (pending || clients.size === 0) return;
    // Throttle: at most one snapshot per pushEveryMs, however many ticks and alarms arrive.
    const wait = Math.max(0, lastPush + pushEveryMs - Date.now());
    pending = setTimeout(push, wait);
    pending.unref();
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write("retry: 2000\n\n");
    res.write(frame());
    clients.add(res);
    req.on("close", () => clients.delete(res));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // DNS rebinding: a web page on another origin may resolve its own name to 127.0.0.1; only
    // requests addressed to this server by a loopback name or its configured host are answered.
    if (!allowedHosts.has((req.headers.host ?? "").toLowerCase())) {
      res
        .writeHead(421, { "content-type": "text/plain" })
        .end("misdirected request: unexpected Host header\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET" }).end();
      return;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const asset = assets.get(path === "/index.html" ? "/" : path);
    if (asset) {
      res.writeHead(200, { "content-type": asset.type, "cache-control": "no-cache" });
      res.end(asset.body);
      return;
    }
    if (path === "/api/events") {
      events(req, res);
      return;
    }
    const [status, body] = route(path);
    json(res, status, body);
  }

  /** The JSON routes: a status and a body. */
  function route(path: string): [number, unknown] {
    if (path === "/api/snapshot") return [200, observer.snapshot()];
    if (path === "/api/traces") return [200, spans.recent(100)];
    if (path.startsWith("/api/traces/")) {
      const id = path.slice("/api/traces/".length).toLowerCase();
      if (!TRACE_ID.test(id)) return [400, { error: "trace id must be 32 hex characters" }];
      const found = spans.trace(id);
      return found.length === 0
        ? [404, { error: "trace not found (never seen or evicted)" }]
        : [200, { traceId: id, spans: found }];
    }
    return [404, { error: "not found" }];
  }

  return {
    get url() {
      return url;
    },
    async start() {
      assets = await loadAssets();
      if (init.host !== "127.0.0.1" && init.host !== "localhost" && init.host !== "::1") {
        logger.warn({ host: init.host }, "dashboard listens beyond loopback: it has no authentication");
      }
      const s = createServer(handle);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(init.port, init.host, () => resolve());
      });
      const addr = s.address() as AddressInfo;
      const host = init.host.includes(":") ? `[${init.host}]` : init.host;
      url = `http://${host}:${addr.port}/`;
      allowedHosts = new Set(
        [host, "127.0.0.1", "localhost", "[::1]"].map((h) => `${h.toLowerCase()}:${addr.port}`),
      );
      if (init.urlFile) await writeFile(init.urlFile, `${url}\n`);
      unsubscribe = observer.onUpdate(() => schedulePush());
      logger.info({ url }, "dashboard listening");
    },
    async stop() {
      if (init.urlFile) await rm(init.urlFile, { force: true });
      unsubscribe?.();
      clearTimeout(pending);
      for (const c of clients) c.end();
      clients.clear();
      const s = server;
      server = undefined;
      if (s) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
