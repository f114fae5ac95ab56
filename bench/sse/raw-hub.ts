/**
 * The baseline: a bare node:http SSE hub. `GET /stream?ch=<channel>` subscribes, `POST /publish?ch=<channel>`
 * writes the body as one `data:` frame to every subscriber of the channel. Nothing else: no auth, no framework.
 */
import { createServer, type ServerResponse } from "node:http";

const channels = new Map<string, Set<ServerResponse>>();
let seq = 0;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const ch = url.searchParams.get("ch") ?? "";
  if (req.method === "GET" && url.pathname === "/healthz") return void res.end("ok");
  if (req.method === "GET" && url.pathname === "/stream") {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    res.write(": ok\n\n");
    let subs = channels.get(ch);
    if (!subs) channels.set(ch, (subs = new Set()));
    subs.add(res);
    res.on("close", () => {
      subs.delete(res);
      if (subs.size === 0) channels.delete(ch);
    });
    return;
  }
  if (req.method === "POST" && url.pathname === "/publish") {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const frame = `id: ${++seq}\nevent: part\ndata: ${JSON.stringify({ body })}\n\n`;
      for (const r of channels.get(ch) ?? []) r.write(frame);
      res.end("ok");
    });
    return;
  }
  res.writeHead(404).end();
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
