import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export interface Listening {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 on a free port, so real client libraries can talk to it. */
export function listen(app: Pick<Hono, "fetch">): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            // Clients keep connections alive; without this close() waits for their idle timeout.
            (server as Server).closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    }) as Server;
    server.once("error", reject);
  });
}
