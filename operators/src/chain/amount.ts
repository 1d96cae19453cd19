/** PAD amounts on the command line: decimal PAD ("1000", "0.5"), converted to wei exactly. */
import { parseUnits } from "viem";
import { CliArgumentError } from "./errors.js";

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]{1,18})?$/;

/**
 * Parse a positive PAD amount into wei; throws CliArgumentError.
 * @example parsePad("1000.5", "stake") // 1000500000000000000000n
 */
export function parsePad(text: string, argument: string): bigint {
  const t = text.trim();
  if (!DECIMAL.test(t)) {
    throw new CliArgumentError(
      argument,
      `${argument} "${text}" is not a PAD amount: use a decimal like 1000 or 0.5`,
    );
  }
  const wei = parseUnits(t, 18);
  if (wei === 0n) throw new CliArgumentError(argument, `${argument} must be more than 0 PAD`);
  return wei;
}
