import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const protoDir = resolve(import.meta.dirname, "..");
const buf = resolve(protoDir, "../node_modules/.bin/buf");

describe("generated code", () => {
  it("proto/src/gen is what `npm run proto:gen` makes from proto/schema", () => {
    const out = mkdtempSync(join(tmpdir(), "padmesh-gen-"));
    try {
      execFileSync(buf, ["generate", "--output", out], { cwd: protoDir, stdio: "pipe" });
      const dir = "padmesh/v1";
      const fresh = readdirSync(join(out, "src/gen", dir)).sort();
      const committed = readdirSync(join(protoDir, "src/gen", dir)).sort();
      expect(committed).toEqual(fresh);
      for (const f of fresh) {
        const a = readFileSync(join(out, "src/gen", dir, f), "utf8");
        const b = readFileSync(join(protoDir, "src/gen", dir, f), "utf8");
        expect(b, `${f} is stale: run npm run proto:gen`).toBe(a);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
