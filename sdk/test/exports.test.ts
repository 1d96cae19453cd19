import { describe, expect, it } from "vitest";
import * as sdk from "../src/index.js";

// The public API, locked: a change here is a change every SDK user sees.
describe("@padmesh/sdk exports", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(sdk).sort()).toMatchInlineSnapshot(`
      [
        "BudgetExhaustedError",
        "ClientConfigError",
        "DryRunError",
        "ROLE_BY_NAME",
        "ReceiptRejectedError",
        "SchedulerCallError",
        "closeEscrow",
        "closeSession",
        "createMeshClient",
        "createReceiptVerifier",
        "createSchedulerTransport",
        "createSession",
        "createVoucherBook",
        "dryRun",
        "explainPlacement",
        "formatExplanation",
        "getParams",
        "getReceipts",
        "isOperatorStaked",
        "listNodes",
        "openSession",
        "submitStep",
        "uploadModule",
        "watchSession",
        "withdrawRemaining",
      ]
    `);
  });
});
