/**
 * A local SMTP sink for the outbound bench, in its own process so it does not share the sender's event loop:
 * accepts everything, prints its port, then the number of messages received on every line read from stdin.
 */
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { SMTPServer } from "smtp-server";

let count = 0;
const server = new SMTPServer({
  disabledCommands: ["STARTTLS"], authOptional: true, logger: false, maxClients: 200,
  onData(stream, _session, done) {
    stream.on("data", () => {});
    stream.on("end", () => {
      count++;
      done();
    });
  },
});
server.on("error", () => {});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`port ${(server.server.address() as AddressInfo).port}\n`);
});
createInterface({ input: process.stdin }).on("line", () => process.stdout.write(`count ${count}\n`));
