/**
 * The deployments file: `deployments/<chainId>.json`, written by the devnet (or by hand for a
 * public chain) and read by the node, scheduler and SDK. JSON, schema-validated on read.
 *
 * ```json
 * {
 *   "schema": "padmesh.deployment/1",
 *   "chainId": 31337,
 *   "contracts": { "padToken": "0x…", "meshParams": "0x…", "operatorRegistry": "0x…",
 *                  "sessionEscrow": "0x…", "timelock": "0x…", "governor": "0x…" },
 *   "deployedAtBlock": "1"
 * }
 * ```
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MeshDomain } from "@padmesh/proto";
import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";
import { DeploymentFileError } from "./errors.js";

export const DEPLOYMENT_SCHEMA = "padmesh.deployment/1";

export const CONTRACT_NAMES = [
  "padToken",
  "meshParams",
  "operatorRegistry",
  "sessionEscrow",
  "timelock",
  "governor",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** Where one PadMesh deployment lives. */
export interface Deployment {
  chainId: number;
  contracts: Record<ContractName, Address>;
  /** The block of the first deployment transaction: where chain watchers start scanning. */
  deployedAtBlock: bigint | number;
}

const address = z
  .string()
  .refine((s) => isAddress(s, { strict: false }), "not a 20-byte hex address")
  .transform((s) => getAddress(s));

const fileSchema = z.object({
  schema: z.literal(DEPLOYMENT_SCHEMA),
  chainId: z.number().int().positive(),
  contracts: z.object(
    Object.fromEntries(CONTRACT_NAMES.map((n) => [n, address])) as Record<ContractName, typeof address>,
  ),
  deployedAtBlock: z.union([
    z.string().regex(/^(0|[1-9][0-9]*)$/, "not a decimal block number"),
    z.number().int().nonnegative(),
  ]),
});

/** The JSON form (block number as a decimal string so it survives JSON). */
export type DeploymentFile = z.input<typeof fileSchema>;

/** Serialise a deployment to its JSON file form. */
export function toDeploymentFile(d: Deployment): DeploymentFile {
  return {
    schema: DEPLOYMENT_SCHEMA,
    chainId: d.chainId,
    contracts: Object.fromEntries(CONTRACT_NAMES.map((n) => [n, getAddress(d.contracts[n])])) as Record<
      ContractName,
      Address
    >,
    deployedAtBlock: BigInt(d.deployedAtBlock).toString(),
  };
}

/**
 * Parse and validate a deployment from JSON text; throws DeploymentFileError.
 * @param source a path or label used in error messages
 */
export function parseDeployment(text: string, source = "<memory>"): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentFileError(source, "not JSON", { cause });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(root)";
    throw new DeploymentFileError(source, `${where}: ${issue?.message ?? "schema mismatch"}`, {
      cause: parsed.error,
    });
  }
  const f = parsed.data;
  return {
    chainId: f.chainId,
    contracts: f.contracts as Record<ContractName, Address>,
    deployedAtBlock: BigInt(f.deployedAtBlock),
  };
}

/**
 * Write `dir/<chainId>.json` atomically (temp file + rename); returns the path.
 * @example
 * const path = await writeDeployment("deployments", await deployMesh({ walletClient, publicClient }));
 */
export async function writeDeployment(dir: string, d: Deployment): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${d.chainId}.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(toDeploymentFile(d), null, 2)}\n`);
  await rename(tmp, path);
  return path;
}

/**
 * Read and validate a deployments file; throws DeploymentFileError if it is missing or invalid.
 * @example
 * const d = await readDeployment("deployments/31337.json");
 */
export async function readDeployment(path: string): Promise<Deployment> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new DeploymentFileError(path, "cannot read file", { cause });
  }
  return parseDeployment(text, path);
}

/** The EIP-712 domain of a deployment, for `@padmesh/proto` signing and hashing. */
export function meshDomain(d: Pick<Deployment, "chainId" | "contracts">): MeshDomain {
  return { chainId: BigInt(d.chainId), verifyingContract: getAddress(d.contracts.sessionEscrow) };
}
