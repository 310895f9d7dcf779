// load.ts — finds and compiles build/engine.wasm for the Node shell and Node embedders.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import "./lua.js"; // the Lua VM for scripting (host/core/scripting/runtime.ts)

const here = dirname(fileURLToPath(import.meta.url));

/** Path of engine.wasm: dist/host/node -> build/, or host/node -> build/. */
export function engineWasmPath(): string {
  const candidates = [join(here, "..", "..", "..", "build", "engine.wasm"), join(here, "..", "..", "build", "engine.wasm")];
  for (const p of candidates) {
    try {
      readFileSync(p, { flag: "r" }).length;
      return p;
    } catch {
      // try the next one
    }
  }
  throw new Error(`engine.wasm not found (looked in ${candidates.join(", ")}); run npm run build`);
}

let cached: WebAssembly.Module | null = null;

/** The compiled engine module (compiled once per process). */
export function engineModule(): WebAssembly.Module {
  cached ??= new WebAssembly.Module(readFileSync(engineWasmPath()));
  return cached;
}
