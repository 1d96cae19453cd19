/**
 * Bundle a TypeScript entry (and the @padmesh workspaces it imports) into one .mjs that plain
 * `node` starts in a fraction of tsx's time; npm packages stay external. Test support only:
 * the crash loops start a child process per iteration.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { build } from "esbuild";

export async function bundleEntry(entry: string, outfile: string): Promise<string> {
  await mkdir(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outfile,
    logLevel: "error",
    plugins: [
      {
        name: "npm-external",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith("@padmesh/") ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
  });
  return outfile;
}
