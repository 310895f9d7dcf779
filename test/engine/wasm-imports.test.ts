// wasm-imports.test.ts — what build/engine.wasm asks of its host.
//
// The engine must run anywhere WebAssembly does (Node, browsers, workers, edge runtimes) with
// nothing but `{ env: { abort } }` as imports: no WASI, no JS glue, no console or clock
// imports (time comes in as an argument of exec/cron). An AssemblyScript change that
// quietly pulls in an import (a `trace` call, Date.now, Math.random with the default seed
// import, a --runtime other than "minimal") breaks every embedder that passes only abort,
// the browser playground included: this test catches it at build time.
//
// The one deliberate exception: the ACL hooks env.aclCheck and env.aclAuth (assembly/acl.ts),
// synchronous calls into the host that owns the users. host/core/engine.ts supplies them
// (every embedder that loads through Engine gets them); a bare embedder can pass stubs
// returning 0, which only matter once the host declares itself the ACL owner (setConfig 90).

import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { engineWasmPath } from "../../host/node/load.js";

describe("engine.wasm host interface", () => {
  const module = new WebAssembly.Module(readFileSync(engineWasmPath()));

  test("its only imports are env.abort and the ACL hooks, functions", () => {
    const imports = WebAssembly.Module.imports(module).sort((a, b) => a.name.localeCompare(b.name));
    expect(imports).toEqual([
      { module: "env", name: "abort", kind: "function" },
      { module: "env", name: "aclAuth", kind: "function" },
      { module: "env", name: "aclCheck", kind: "function" },
    ]);
  });

  test("it instantiates with nothing but env.abort and ACL stubs", () => {
    const instance = new WebAssembly.Instance(module, {
      env: { abort: () => { throw new Error("abort"); }, aclCheck: () => 0, aclAuth: () => 0 },
    });
    const x = instance.exports as Record<string, unknown>;
    expect(x.memory).toBeInstanceOf(WebAssembly.Memory);
    for (const fn of ["init", "clientCreate", "clientReserve", "exec", "outPtr", "outLen", "commandCount", "commandImplemented"]) {
      expect(typeof x[fn], fn).toBe("function");
    }
  });
});
