import { describe, expect, it } from "vitest";
import * as contracts from "./index.js";

describe("@padmesh/contracts exports", () => {
  it("are locked (change this list on purpose)", () => {
    expect(Object.keys(contracts).sort()).toMatchInlineSnapshot(`
      [
        "CONTRACT_NAMES",
        "DEFAULT_SUPPLY",
        "DEPLOYMENT_SCHEMA",
        "DEVNET_PARAMS",
        "DeployMeshError",
        "DeploymentFileError",
        "PARAM_NAMES",
        "PARAM_ROLES",
        "UnknownParamError",
        "deployMesh",
        "governorAbi",
        "governorBytecode",
        "meshDomain",
        "meshParamsAbi",
        "meshParamsBytecode",
        "operatorRegistryAbi",
        "operatorRegistryBytecode",
        "padTokenAbi",
        "padTokenBytecode",
        "paramKey",
        "paramName",
        "parseDeployment",
        "readDeployment",
        "readMeshParams",
        "sessionEscrowAbi",
        "sessionEscrowBytecode",
        "timelockAbi",
        "timelockBytecode",
        "toAttestationArg",
        "toDeploymentFile",
        "toReceiptArg",
        "toVoucherArg",
        "writeDeployment",
      ]
    `);
  });
});
