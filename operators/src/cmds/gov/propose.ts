/**
 * `padmesh gov propose --set name=value ... --description "..."`: a Governor proposal whose action
 * is MeshParams.setParam (one change) or setParams (several, atomically: needed for the slash split).
 * Values are checked against the on-chain bounds first, so a doomed proposal is never made.
 */
import { governorAbi, meshParamsAbi, PARAM_NAMES, paramKey } from "@padmesh/contracts";
import { type Abi, type Address, encodeFunctionData, type Hash, type Hex, parseEventLogs } from "viem";
import { createPrinter, formatRows, openChainContext, requireWallet, sendCall } from "../../chain/index.js";
import { GovParamError } from "./errors.js";
import type { ProposeCliOptions } from "./options.js";
import { readParams } from "./params.js";

export interface ParamChange {
  name: string;
  value: bigint;
}

export interface ProposeResult {
  proposalId: bigint;
  proposer: Address;
  changes: ParamChange[];
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
  transaction: Hash;
}

/** Parse `name=value` (value a non-negative integer; `_` allowed as a separator). */
export function parseSet(text: string): ParamChange {
  const eq = text.indexOf("=");
  const name = eq < 0 ? text.trim() : text.slice(0, eq).trim();
  const raw =
    eq < 0
      ? ""
      : text
          .slice(eq + 1)
          .trim()
          .replaceAll("_", "");
  if (!(PARAM_NAMES as readonly string[]).includes(name)) {
    throw new GovParamError(name, `unknown parameter "${name}"`, "`padmesh gov params` lists every name");
  }
  if (!/^[0-9]+$/.test(raw)) {
    throw new GovParamError(
      name,
      `--set ${text}: the value must be a non-negative integer, e.g. ${name}=4200`,
    );
  }
  return { name, value: BigInt(raw) };
}

/** The proposal's single action: setParam for one change, setParams for several. */
export function encodeParamChanges(meshParams: Address, changes: ParamChange[]) {
  const calldata =
    changes.length === 1
      ? encodeFunctionData({
          abi: meshParamsAbi,
          functionName: "setParam",
          args: [paramKey(changes[0]!.name), changes[0]!.value],
        })
      : encodeFunctionData({
          abi: meshParamsAbi,
          functionName: "setParams",
          args: [changes.map((c) => paramKey(c.name)), changes.map((c) => c.value)],
        });
  return { targets: [meshParams], values: [0n], calldatas: [calldata] };
}

export async function proposeHandler(opts: ProposeCliOptions): Promise<ProposeResult> {
  const out = createPrinter(opts.json);
  const changes = opts.set.map(parseSet);
  const names = new Set<string>();
  for (const c of changes) {
    if (names.has(c.name)) throw new GovParamError(c.name, `--set ${c.name} is given twice`);
    names.add(c.name);
  }
  if (!opts.description.trim()) throw new GovParamError("description", "--description must not be empty");
  const ctx = await openChainContext(opts, { signer: true });
  const proposer = requireWallet(ctx).account.address;
  const current = new Map((await readParams(ctx)).map((r) => [r.name, r]));
  for (const c of changes) {
    const p = current.get(c.name);
    if (p && (c.value < p.min || c.value > p.max)) {
      throw new GovParamError(c.name, `${c.name}=${c.value} is outside its bounds [${p.min}, ${p.max}]`);
    }
  }
  const split = ["slash.challengerBps", "slash.clientBps", "slash.burnBps"];
  if (changes.some((c) => split.includes(c.name))) {
    const sum = split.reduce(
      (s, n) => s + (changes.find((c) => c.name === n)?.value ?? current.get(n)?.value ?? 0n),
      0n,
    );
    if (sum !== 10_000n) {
      throw new GovParamError(
        "slash",
        `the slash split would add up to ${sum}, not 10000`,
        "set slash.challengerBps, slash.clientBps and slash.burnBps together in one proposal",
      );
    }
  }
  const { targets, values, calldatas } = encodeParamChanges(ctx.deployment.contracts.meshParams, changes);
  const tx = await sendCall(
    ctx,
    {
      address: ctx.deployment.contracts.governor,
      abi: governorAbi as Abi,
      functionName: "propose",
      args: [targets, values, calldatas, opts.description],
    },
    "propose",
  );
  const [created] = parseEventLogs({ abi: governorAbi, logs: tx.receipt.logs, eventName: "ProposalCreated" });
  if (!created) throw new GovParamError("propose", `transaction ${tx.hash} emitted no ProposalCreated event`);
  const result: ProposeResult = {
    proposalId: created.args.proposalId,
    proposer,
    changes,
    targets,
    values,
    calldatas,
    description: opts.description,
    voteStart: created.args.voteStart,
    voteEnd: created.args.voteEnd,
    transaction: tx.hash,
  };
  out.result(result, () =>
    formatRows([
      ["proposal id", String(result.proposalId)],
      ...changes.map(
        (c) => [`set ${c.name}`, `${current.get(c.name)?.value ?? "?"} → ${c.value}`] as [string, string],
      ),
      ["voting", `blocks ${result.voteStart + 1n}..${result.voteEnd}`],
      ["tx", tx.hash],
    ]),
  );
  out.note(`next: padmesh gov vote ${result.proposalId} --support for (once voting opens)`);
  return result;
}
