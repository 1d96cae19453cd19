export * from "./devnet/index.js";
