import { decodeMessage, encodeMessage, StateSnapshot } from "@padmesh/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidSnapshotError } from "../errors.js";
import { sha256 } from "../hashes.js";
import { checkpoint, checkpointId } from "./checkpoint.js";
import { EMPTY_STATE_ROOT, leafHash } from "./merkle.js";
import { SessionState } from "./session-state.js";

const te = new TextEncoder();
const b = (s: string) => te.encode(s);

describe("SessionState", () => {
  it("has the documented empty root (32 zero bytes)", () => {
    expect(new SessionState().root()).toEqual(new Uint8Array(32));
    expect(EMPTY_STATE_ROOT).toEqual(new Uint8Array(32));
  });

  it("computes the documented root for one and three entries", () => {
    const s = new SessionState();
    s.set(b("a"), b("1"));
    const la = leafHash(b("a"), b("1"));
    expect(s.root()).toEqual(la);
    // leaf = sha256(0x00 ‖ u32be(len key) ‖ key ‖ value)
    expect(la).toEqual(sha256(new Uint8Array([0, 0, 0, 0, 1, 0x61, 0x31])));
    s.set(b("c"), b("3"));
    s.set(b("b"), b("2"));
    const node = (l: Uint8Array, r: Uint8Array) => sha256(new Uint8Array([1, ...l, ...r]));
    const lb = leafHash(b("b"), b("2"));
    const lc = leafHash(b("c"), b("3"));
    expect(s.root()).toEqual(node(node(la, lb), lc));
  });

  it("a checkpoint is the snapshot addressed by its sha256, and resumes to the same root", () => {
    const s = new SessionState();
    s.set(b("k"), b("v"));
    const cp = checkpoint(s);
    expect(cp.id).toEqual(sha256(cp.snapshot));
    expect(checkpointId(cp.snapshot)).toEqual(cp.id);
    expect(SessionState.fromSnapshot(cp.snapshot).root()).toEqual(s.root());
  });

  it("snapshot() is canonical, a copy, and follows writes", () => {
    const s = new SessionState();
    s.set(b("a"), b("1"));
    const first = s.snapshot();
    first[0] = 0xff;
    expect(s.snapshot()).not.toEqual(first);
    s.set(b("b"), b("2"));
    expect(SessionState.fromSnapshot(s.snapshot()).get(b("b"))).toEqual(b("2"));
    // The same entries with an unknown field appended: accepted, but re-encoded canonically.
    const padded = new Uint8Array([...s.snapshot(), 0x10, 0x01]);
    const decoded = SessionState.fromSnapshot(padded);
    expect(decoded.root()).toEqual(s.root());
    expect(decoded.snapshot()).toEqual(s.snapshot());
  });

  it("get/set/delete and size", () => {
    const s = new SessionState();
    s.set(b("k"), b("v"));
    expect(s.get(b("k"))).toEqual(b("v"));
    expect(s.size).toBe(1);
    expect(s.delete(b("k"))).toBe(true);
    expect(s.delete(b("k"))).toBe(false);
    expect(s.get(b("k"))).toBeUndefined();
    expect(s.root()).toEqual(EMPTY_STATE_ROOT);
  });

  it("clone is independent", () => {
    const s = new SessionState();
    s.set(b("k"), b("v"));
    const c = s.clone();
    c.set(b("k"), b("w"));
    c.set(b("x"), b("y"));
    expect(s.get(b("k"))).toEqual(b("v"));
    expect(s.size).toBe(1);
    expect(c.root()).not.toEqual(s.root());
  });

  it("rejects undecodable, unsorted and duplicate snapshots with a typed error", () => {
    expect(() => SessionState.fromSnapshot(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(InvalidSnapshotError);
    const unsorted = encodeMessage(StateSnapshot, {
      entries: [
        { key: b("b"), value: b("1") },
        { key: b("a"), value: b("2") },
      ],
    });
    expect(() => SessionState.fromSnapshot(unsorted)).toThrow(InvalidSnapshotError);
    const dup = encodeMessage(StateSnapshot, {
      entries: [
        { key: b("a"), value: b("1") },
        { key: b("a"), value: b("2") },
      ],
    });
    expect(() => SessionState.fromSnapshot(dup)).toThrow(InvalidSnapshotError);
  });

  it("property: root and snapshot depend only on the contents, and snapshots round-trip", () => {
    const entries = fc.uniqueArray(
      fc.tuple(fc.uint8Array({ maxLength: 12 }), fc.uint8Array({ maxLength: 40 })),
      {
        selector: ([k]) => Buffer.from(k).toString("hex"),
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(entries, fc.nat(), (list, seed) => {
        const a = new SessionState();
        for (const [k, v] of list) a.set(k, v);
        const shuffled = [...list].sort(() => 0).reverse();
        if (seed % 2 === 0) shuffled.reverse();
        const c = new SessionState();
        for (const [k, v] of shuffled) c.set(k, v);
        expect(c.root()).toEqual(a.root());
        expect(c.snapshot()).toEqual(a.snapshot());
        const back = SessionState.fromSnapshot(a.snapshot());
        expect(back.root()).toEqual(a.root());
        const decoded = decodeMessage(StateSnapshot, "StateSnapshot", a.snapshot());
        const keys = decoded.entries.map((e) => Buffer.from(e.key).toString("hex"));
        expect(keys).toEqual([...keys].sort());
      }),
      { numRuns: 100 },
    );
  });

  it("property: roots computed incrementally across updates, deletes, inserts and clones equal roots from scratch", () => {
    const op = fc.tuple(
      fc.constantFrom("set", "set", "delete", "clone", "root", "entries"),
      fc.integer({ min: 0, max: 60 }),
      fc.uint8Array({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.boolean(), (ops, fromSnapshot) => {
        let s = new SessionState();
        for (let i = 0; i < 100; i++) s.set(b(`key-${i}`), b(`v${i}`));
        if (fromSnapshot) s = SessionState.fromSnapshot(s.snapshot());
        s.root();
        for (const [kind, k, v] of ops) {
          if (kind === "set") s.set(b(`key-${k}`), v);
          else if (kind === "delete") s.delete(b(`key-${k}`));
          else if (kind === "clone") s = s.clone();
          else if (kind === "root") s.root();
          else s.entries();
          if (k % 7 === 0) {
            const fresh = SessionState.fromEntries(s.entries());
            expect(s.root()).toEqual(fresh.root());
          }
        }
        expect(s.root()).toEqual(SessionState.fromEntries(s.entries()).root());
      }),
      { numRuns: 200 },
    );
  });
});
