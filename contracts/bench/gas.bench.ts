/**
 * Gas benchmark of the settlement path (see measure-gas.ts). Prints one JSON object on its
 * last line.
 *
 *   npm run bench:gas
 */
import { measureGas } from "./measure-gas.js";

console.log(JSON.stringify(await measureGas()));
process.exit(0);
