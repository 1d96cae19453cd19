/**
 * `padmesh verify <receipt-file | session-id>`: check receipts and re-execute what can be.
 *
 * - A receipt file (JSON or protobuf): signature (with --deployment), then re-execution with
 *   --module, --input and --state (empty state by default), field by field.
 * - A session id: its receipts from the scheduler (GetReceipts), signatures and each lease's hash
 *   chain. The scheduler serves receipts but not step inputs or state snapshots (it has no GetBlob
 *   RPC), so session receipts are reported as not re-executed, each with that reason.
 */
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { meshDomain, readDeployment } from "@padmesh/contracts";
import { bytesEqual, fromHex, type MeshDomain, type Receipt, toHex } from "@padmesh/proto";
import { EMPTY_STATE_ROOT, SessionState } from "@padmesh/runtime";
import { createMeshClient, getReceipts } from "@padmesh/sdk";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { CliArgumentError, createPrinter, createProgress, formatTable } from "../../chain/index.js";
import { checkReceipts, type ReceiptVerdict, type ReexecMaterial } from "./check.js";
import type { VerifyCliOptions } from "./options.js";
import { readReceiptFile } from "./receipt-file.js";
import { receiptToJson } from "./receipt-json.js";

const SESSION_ID = /^0x[0-9a-fA-F]{64}$/;
const PAGE = 1000;

export interface VerifyReport {
  target: string;
  mode: "receipt" | "session";
  total: number;
  verified: number;
  mismatched: number;
  unverified: number;
  receipts: ReceiptVerdict[];
}

async function readOptional(path: string | undefined, what: string): Promise<Uint8Array | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path);
  } catch (cause) {
    throw new CliArgumentError(what, `cannot read ${what} file ${path}`, { cause });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Every receipt of a session, paging by step sequence (receipts of one step may straddle a page). */
export async function fetchSessionReceipts(
  scheduler: string,
  domain: MeshDomain,
  sessionId: Uint8Array,
  limit: number,
): Promise<Receipt[]> {
  const client = createMeshClient({ scheduler, account: privateKeyToAccount(generatePrivateKey()), domain });
  try {
    const seen = new Map<string, Receipt>();
    let from = 0n;
    for (;;) {
      const page = await getReceipts(client, { sessionId, fromSequence: from, limit: PAGE });
      let added = 0;
      for (const r of page) {
        const k = `${Buffer.from(r.leaseId).toString("hex")}/${r.sequence}`;
        if (!seen.has(k)) {
          seen.set(k, r);
          added += 1;
        }
      }
      if (page.length < PAGE || added === 0 || seen.size >= limit) break;
      // Re-read the last step: its other receipts may be on the next page.
      for (const r of page) if (r.sequence > from) from = r.sequence;
    }
    return [...seen.values()].slice(0, limit);
  } finally {
    client.close();
  }
}

export async function verifyHandler(target: string, opts: VerifyCliOptions): Promise<VerifyReport> {
  const out = createPrinter(opts.json);
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CliArgumentError("limit", `--limit must be a positive integer`);
  const domain = opts.deployment ? meshDomain(await readDeployment(opts.deployment)) : undefined;
  const module = await readOptional(opts.module, "module");

  let receipts: Receipt[];
  let material: (r: Receipt) => ReexecMaterial | { unavailable: string };
  let mode: VerifyReport["mode"];
  if (SESSION_ID.test(target) && !(await exists(target))) {
    mode = "session";
    if (!domain) {
      throw new CliArgumentError(
        "deployment",
        "verifying a session checks signatures and hash chains: pass --deployment <file> (env PADMESH_DEPLOYMENT)",
      );
    }
    if (opts.input || opts.state) {
      throw new CliArgumentError("input", "--input and --state are for one receipt file, not a session");
    }
    out.note(`fetching the receipts of ${target} from ${opts.scheduler}`);
    receipts = await fetchSessionReceipts(opts.scheduler, domain, fromHex(target, "session-id"), limit);
    material = () => ({
      unavailable:
        "the scheduler serves receipts but not step inputs or state snapshots (no GetBlob RPC); re-execute one with `padmesh verify <receipt-file> --module --input --state`",
    });
  } else {
    mode = "receipt";
    if (!(await exists(target))) {
      throw new CliArgumentError(
        "receipt",
        `${target} is neither a receipt file nor a session id (0x + 64 hex)`,
      );
    }
    receipts = [await readReceiptFile(target)];
    const input = await readOptional(opts.input, "input");
    const stateBytes = await readOptional(opts.state, "state");
    material = (r) => {
      if (!module || !input) return { unavailable: "pass --module <wasm> and --input <file> to re-execute" };
      if (!stateBytes && !bytesEqual(r.stateRootBefore, EMPTY_STATE_ROOT)) {
        return { unavailable: "the step did not start from an empty state: pass --state <snapshot file>" };
      }
      return { module, input, state: stateBytes ?? new SessionState() };
    };
  }

  const progress = createProgress(receipts.length, { json: opts.json, title: "verify" });
  let verdicts: ReceiptVerdict[];
  try {
    verdicts = await checkReceipts(receipts, {
      ...(domain ? { domain } : {}),
      ...(module ? { module } : {}),
      material,
      onChecked: (done) => progress.tick(`${done}`),
    });
  } finally {
    progress.stop();
  }
  const report: VerifyReport = {
    target,
    mode,
    total: verdicts.length,
    verified: verdicts.filter((v) => v.verdict === "verified").length,
    mismatched: verdicts.filter((v) => v.verdict === "mismatch").length,
    unverified: verdicts.filter((v) => v.verdict === "unverified").length,
    receipts: verdicts,
  };
  if (opts.saveReceipts) {
    await mkdir(opts.saveReceipts, { recursive: true });
    for (const r of receipts) {
      const name = `${toHex(r.leaseId).slice(2, 18)}-${r.sequence}.json`;
      await writeFile(join(opts.saveReceipts, name), `${JSON.stringify(receiptToJson(r), null, 2)}\n`);
    }
    out.note(`wrote ${receipts.length} receipt file(s) to ${opts.saveReceipts}`);
  }
  out.result(report, () => formatReport(report));
  if (report.total === 0) out.note("no receipts: is the session id right, and is this its scheduler?");
  return report;
}

export function formatReport(r: VerifyReport): string {
  const short = (h: string) => (h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h);
  const table = formatTable(
    ["lease", "role", "seq", "signature", "chain", "re-exec", "verdict", "notes"],
    r.receipts.map((v) => [
      short(v.leaseId),
      v.role,
      String(v.sequence),
      v.signature,
      v.chain,
      v.reexecution,
      v.verdict,
      [
        ...v.mismatches.map((m) => `${m.field}: receipt ${short(m.expected)}, re-run ${short(m.actual)}`),
        ...v.notes,
      ].join("; "),
    ]),
  );
  return `${table}\n${r.total} receipt(s): ${r.verified} verified, ${r.mismatched} mismatched, ${r.unverified} not re-executed`;
}
