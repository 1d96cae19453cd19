import { describe, expect, it } from "vitest";
import { countTcpToPort, countUnixBetween } from "./socket-table.js";

describe("socket table", () => {
  it("counts a process's TCP connections to a port", () => {
    const ss = [
      'ESTAB 0      0      127.0.0.1:52956 127.0.0.1:18545 users:(("node",pid=100,fd=24))',
      'ESTAB 0      0      127.0.0.1:52957 127.0.0.1:18546 users:(("node",pid=100,fd=25))',
      'ESTAB 0      0      127.0.0.1:18545 127.0.0.1:52956 users:(("node",pid=200,fd=35))',
      'LISTEN 0     0      127.0.0.1:18545 0.0.0.0:* users:(("node",pid=100,fd=3))',
    ].join("\n");
    expect(countTcpToPort(ss, 100, 18545)).toBe(1);
    expect(countTcpToPort(ss, 200, 18545)).toBe(0);
    expect(countTcpToPort(ss, 200, 52956)).toBe(1);
  });

  it("counts unix stream connections joining two processes", () => {
    const ss = [
      'u_str ESTAB 0 0 /tmp/pmx/w0.sock.real 11 * 12 users:(("node",pid=100,fd=2))',
      'u_str ESTAB 0 0 * 12 * 11 users:(("node",pid=300,fd=9))',
      'u_str ESTAB 0 0 /tmp/pmx/w0.sock.real 13 * 14 users:(("node",pid=100,fd=3))',
      'u_str ESTAB 0 0 * 14 * 13 users:(("node",pid=200,fd=7))',
    ].join("\n");
    // pid 100 (a worker) is joined to 300 (the proxy) and, once, directly to 200 (the scheduler).
    expect(countUnixBetween(ss, 100, 200)).toBe(1);
    expect(countUnixBetween(ss, 100, 300)).toBe(1);
    expect(countUnixBetween(ss, 300, 200)).toBe(0);
  });
});
