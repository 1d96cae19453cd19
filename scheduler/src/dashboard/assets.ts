/**
 * The dashboard's static files: its own page (public/) and uPlot's script and stylesheet, resolved
 * from node_modules (the machines are offline: no CDN). Read once, at start.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

export interface Asset {
  body: Buffer;
  type: string;
}

const require = createRequire(import.meta.url);

const FILES: Record<string, { path: () => string; type: string }> = {
  "/": {
    path: () => new URL("./public/index.html", import.meta.url).pathname,
    type: "text/html; charset=utf-8",
  },
  "/app.js": {
    path: () => new URL("./public/app.js", import.meta.url).pathname,
    type: "text/javascript; charset=utf-8",
  },
  "/style.css": {
    path: () => new URL("./public/style.css", import.meta.url).pathname,
    type: "text/css; charset=utf-8",
  },
  "/vendor/uPlot.iife.min.js": {
    path: () => require.resolve("uplot/dist/uPlot.iife.min.js"),
    type: "text/javascript; charset=utf-8",
  },
  "/vendor/uPlot.min.css": {
    path: () => require.resolve("uplot/dist/uPlot.min.css"),
    type: "text/css; charset=utf-8",
  },
};

/** Load every static file; throws when one is missing (a broken install should fail at start). */
export async function loadAssets(): Promise<Map<string, Asset>> {
  const out = new Map<string, Asset>();
  for (const [route, f] of Object.entries(FILES))
    out.set(route, { body: await readFile(f.path()), type: f.type });
  return out;
}
