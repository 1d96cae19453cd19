#!/usr/bin/env node
// `padmesh` on PATH (npx padmesh …): loads the TypeScript CLI through tsx; the packages ship as TS sources.
import { register } from "tsx/esm/api";

register();
await import("../src/bin/padmesh.ts");
