// Entry of a step worker thread: PadMesh runs TypeScript through tsx (no build step), so the
// worker registers tsx's loader before importing its TypeScript code.
import { register } from "tsx/esm/api";

register();
await import("./step-worker.ts");
