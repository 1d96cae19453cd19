#!/usr/bin/env node
/**
 * Adds lock entries for platform-specific optional packages (other OSes' native binaries of
 * biome, buf, Hardhat's EDR…) that `npm install` left out because the registry it used did not
 * serve those versions. npm 11's `npm ci` refuses a lock file without them even though it never
 * installs them on this platform. Each entry names the version the parent pins, with the os/cpu
 * the package's name says; npm resolves and verifies it from the registry on a machine that
 * needs it. Run after `npm install`: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pkgs = lock.packages;

const OS = [
  ["win32", "win32"],
  ["darwin", "darwin"],
  ["linux", "linux"],
  ["android", "android"],
  ["freebsd", "freebsd"],
];
const CPU = ["arm64", "x64", "ia32", "armv7", "arm"];
function platformOf(name) {
  const base = name.split("/").pop();
  const os = OS.find(([k]) => base.includes(k))?.[1];
  const cpu = CPU.find((c) => base.includes(c));
  const libc = base.includes("musl") ? "musl" : base.includes("gnu") ? "glibc" : undefined;
  return { os, cpu: cpu === "armv7" ? "arm" : cpu, libc };
}

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const nested = `${where}/node_modules/${dep}`;
    if (pkgs[key] || pkgs[nested]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue; // not a platform binary: leave it to npm
    pkgs[key] = {
      version: String(range).replace(/^[\^~=]/, ""),
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
      license: meta.license ?? undefined,
      optional: true,
      os: [os],
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
