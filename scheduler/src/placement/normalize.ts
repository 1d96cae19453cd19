/**
 * Normalization: each ranker's raw scores are mapped onto 0..1 across the candidates of one
 * decision (min–max), the best candidate getting 1. When all candidates score the same, all get 1:
 * the score then does not separate them.
 */

/**
 * Normalize column `col` of a row-major `rows × cols` matrix from `raw` into `out`.
 * `higherIsBetter` picks the direction.
 */
export function normalizeColumn(
  raw: Float64Array,
  out: Float64Array,
  rows: number,
  cols: number,
  col: number,
  higherIsBetter: boolean,
): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0, at = col; i < rows; i++, at += cols) {
    const v = raw[at]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  for (let i = 0, at = col; i < rows; i++, at += cols) {
    if (!(span > 0)) out[at] = 1;
    else out[at] = higherIsBetter ? (raw[at]! - min) / span : (max - raw[at]!) / span;
  }
}
