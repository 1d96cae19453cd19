import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Deployment,
  meshDomain,
  parseDeployment,
  readDeployment,
  writeDeployment,
} from "./deployment.js";
import { DeploymentFileError } from "./errors.js";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as const;
const sample: Deployment = {
  chainId: 31337,
  contracts: {
    padToken: addr(1),
    meshParams: addr(2),
    operatorRegistry: addr(3),
    sessionEscrow: addr(4),
    timelock: addr(5),
    governor: addr(6),
  },
  deployedAtBlock: 7n,
};

describe("deployments file", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("round-trips through <dir>/<chainId>.json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-deploy-"));
    dirs.push(dir);
    const path = await writeDeployment(dir, sample);
    expect(path).toBe(join(dir, "31337.json"));
    const json = JSON.parse(await readFile(path, "utf8"));
    expect(json.schema).toBe("padmesh.deployment/1");
    expect(json.deployedAtBlock).toBe("7");
    const back = await readDeployment(path);
    expect(back).toEqual({ ...sample, deployedAtBlock: 7n });
  });

  it("rejects missing files, bad JSON and schema mismatches with a typed error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-deploy-"));
    dirs.push(dir);
    await expect(readDeployment(join(dir, "none.json"))).rejects.toBeInstanceOf(DeploymentFileError);
    const bad = join(dir, "bad.json");
    await writeFile(bad, "{");
    await expect(readDeployment(bad)).rejects.toMatchObject({ code: "ERR_DEPLOYMENT_FILE" });
    const good = JSON.parse(
      JSON.stringify({ ...sample, schema: "padmesh.deployment/1", deployedAtBlock: "7" }),
    );
    for (const broken of [
      { ...good, schema: "other" },
      { ...good, chainId: -1 },
      { ...good, deployedAtBlock: "0x7" },
      { ...good, contracts: { ...good.contracts, sessionEscrow: "0x1234" } },
      { ...good, contracts: { ...good.contracts, governor: undefined } },
    ]) {
      expect(() => parseDeployment(JSON.stringify(broken), "x.json")).toThrow(DeploymentFileError);
    }
    expect(() => parseDeployment(JSON.stringify({ ...good, deployedAtBlock: 9 }))).not.toThrow();
  });

  it("gives the EIP-712 domain of the deployment", () => {
    expect(meshDomain(sample)).toEqual({ chainId: 31337n, verifyingContract: addr(4) });
  });
});
