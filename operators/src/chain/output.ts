/**
 * Printing results: a table of label/value lines for people, one JSON object for scripts (bigints
 * as decimal strings). Results go to stdout; progress and advice go to stderr.
 */
import { formatUnits } from "viem";

/** PAD wei as a decimal PAD amount ("1000.5 PAD"). */
export function formatPad(wei: bigint): string {
  return `${formatUnits(wei, 18)} PAD`;
}

/** JSON.stringify with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** Aligned `label  value` lines. */
export function formatRows(rows: [string, string][]): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

/** Aligned columns with a header row. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export interface Printer {
  /** Print `result` as JSON when --json, else the human form. */
  result(json: unknown, human: () => string): void;
  /** A progress/advice line on stderr (silent with --json so scripts see only the result). */
  note(message: string): void;
}

export function createPrinter(json: boolean, out: NodeJS.WritableStream = process.stdout): Printer {
  return {
    result(value, human) {
      out.write(`${json ? toJson(value) : human()}\n`);
    },
    note(message) {
      if (!json) process.stderr.write(`» ${message}\n`);
    },
  };
}
