#!/usr/bin/env node
// serve.mjs — a tiny static file server for the playground, with node:http only.
//
//   npm run build && node web/serve.mjs [port]      # then open http://127.0.0.1:8080/
//
// It serves the repository root, because the page needs three trees at their real paths:
// /web/ (the page), /dist/host/ (the embedding API as ES modules) and /build/engine.wasm.
// "/" redirects to /web/index.html. Only GET and HEAD; paths are resolved inside the root
// and anything escaping it is refused. .wasm goes out as application/wasm (streaming
// compilation requires it) and nothing is cached, so a rebuild shows on reload.
//
// Also a module: the browser test starts it on a random port with startServer({ port: 0 }).

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".wat": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The repository root (this file lives in web/). */
export const defaultRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));

/**
 * Starts the server; resolves once it listens.
 * @param {{ port?: number, host?: string, root?: string, log?: boolean }} [opts]
 * @returns {Promise<{ server: import("node:http").Server, port: number, url: string, close: () => Promise<void> }>}
 */
export function startServer(opts = {}) {
  const root = resolve(opts.root ?? defaultRoot);
  const host = opts.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    handle(root, req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    });
    if (opts.log) res.on("finish", () => console.log(`${res.statusCode} ${req.method} ${req.url}`));
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 8080, host, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      resolvePromise({
        server,
        port,
        url: `http://${host}:${port}`,
        close: () => new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}

/**
 * @param {string} root
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
async function handle(root, req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  } catch {
    res.writeHead(400).end("bad request");
    return;
  }
  if (path === "/" || path === "/web" || path === "/web/") {
    res.writeHead(302, { location: "/web/index.html" }).end();
    return;
  }
  const file = join(root, normalize(path));
  if (path.includes("\0") || (file !== root && !file.startsWith(root + sep))) {
    res.writeHead(403).end("forbidden");
    return;
  }
  let st;
  try {
    st = await stat(file);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
    return;
  }
  if (!st.isFile()) {
    res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
    return;
  }
  res.writeHead(200, {
    "content-type": TYPES[/** @type {keyof typeof TYPES} */ (extname(file).toLowerCase())] ?? "application/octet-stream",
    "content-length": st.size,
    "cache-control": "no-store",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

// Run as a script: node web/serve.mjs [port]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await startServer({ port, host: process.env.HOST ?? "127.0.0.1", log: true });
  console.log(`Respite playground: ${url}/web/index.html (serving ${defaultRoot})`);
}
