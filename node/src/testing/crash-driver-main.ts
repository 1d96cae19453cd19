/**
 * Child-process entry of the crash driver: `node crash-driver.mjs <journalDir> <leases> <salt>`.
 * Prints one line per acknowledged receipt (`ack <lease> <seq> <hash> <sig> <resent>`) and runs
 * until killed. The operator key is a fixed test key (never a real one).
 */
import { createKeySigner, toHex } from "@padmesh/proto";
import { createLevelJournal } from "../journal/level-journal.js";
import { createSigningGuard } from "../journal/signing-guard.js";
import { DRIVER_DOMAIN, DRIVER_KEY, runDriver } from "./crash-driver.js";

const [dir, leases, salt] = process.argv.slice(2);
const journal = createLevelJournal({ path: dir as string, sync: true });
await journal.open();
const guard = createSigningGuard({ journal, signer: createKeySigner(DRIVER_KEY), domain: DRIVER_DOMAIN });
process.stdout.write("ready\n");
await runDriver(
  {
    journal,
    guard,
    onAck: (a) =>
      process.stdout.write(
        `ack ${a.lease} ${a.sequence} ${toHex(a.hash)} ${toHex(a.signature)} ${a.resent ? 1 : 0}\n`,
      ),
  },
  { leases: Number(leases), salt: salt as string },
);
