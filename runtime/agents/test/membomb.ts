// Hostile: allocates 1 MiB chunks until memory runs out.
export function step(): i32 {
  const chunks = new Array<Uint8Array>(0);
  while (true) chunks.push(new Uint8Array(1 << 20));
}
