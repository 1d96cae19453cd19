/**
 * @padmesh/chaos — fault and load drills against real local meshes: kill-workers, kill-scheduler,
 * partition, byzantine, bad-input, load. Each drill drives sessions through the SDK, injects its
 * faults, then audits the honest-path invariants from the chain and the nodes' journals.
 */

export { DRILLS, drillByName } from "./drills/index.js";
export type { Drill, DrillMeshSpec, DrillRunOptions } from "./drills/interface.js";
export { type PartitionLinks, routeThroughProxies, type WorkerLinks } from "./faults/partition-links.js";
export { type DirectLinks, directLinks } from "./faults/socket-table.js";
export {
  createFaultProxy,
  type FaultProxy,
  type FaultProxyInit,
  type FaultProxyStats,
  type StreamAddress,
} from "./faults/tcp-proxy.js";
export { type AuditDrillOptions, auditDrill } from "./harness/audit-drill.js";
export { type DrillMesh, type DrillMeshOptions, startDrillMesh, workerSpecs } from "./harness/drill-mesh.js";
export { createReceiptLedger, type ReceiptLedger } from "./ledger/receipt-ledger.js";
export {
  aggregateReports,
  buildReport,
  type DrillFigures,
  type DrillReport,
  type InvariantResult,
  reportJson,
  reportTable,
} from "./report/report.js";
export { type RunDrillsOptions, runDrills } from "./run.js";
