/**
 * The dashboard: a small HTTP server on 127.0.0.1 that serves one page, uPlot from node_modules,
 * a JSON snapshot of the mesh, a step's trace, and a Server-Sent Events stream of snapshots so the
 * page updates live without reloads.
 *
 *   GET /                      the page
 *   GET /api/snapshot          DashboardSnapshot (JSON)
 *   GET /api/events            text/event-stream: `snapshot` events (on connect, then each tick)
 *   GET /api/traces            recent trace summaries
 *   GET /api/traces/<traceId>  the spans of one trace
 */
export interface DashboardServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `http://127.0.0.1:<port>/` once started. */
  readonly url: string;
}

export interface DashboardInit {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Where to write the URL once listening, so `padmesh dashboard` can find it (none when absent). */
  urlFile?: string;
  /** Minimum time between two pushed snapshots per client (default 500 ms). */
  pushIntervalMs?: number;
}
