// portable.test.ts — the embedding API the playground loads must be browser-safe.
//
// web/app.js imports /dist/host/embed.js as a plain ES module: a browser resolves every
// import in its graph by URL, so a single `node:` import (or a bare specifier like "fs")
// anywhere below embed.js breaks the page. This walks the compiled module graph from
// dist/host/embed.js and checks that every import is a relative path to a file that exists.
// Needs `npm run build` output (npm test builds first).

import { describe, expect, test } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s[^'";]*?from\s*["']([^"']+)["']|(?:^|[;\n])\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

describe("dist/host/embed.js module graph", () => {
  test("only relative imports of existing files, no node: or bare specifiers", () => {
    const entry = join(root, "dist/host/embed.js");
    expect(existsSync(entry), "dist/host/embed.js (run npm run build)").toBe(true);
    const seen = new Set<string>();
    const bad: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3];
        const where = relative(root, file);
        if (!spec.startsWith("./") && !spec.startsWith("../")) { bad.push(`${where}: ${spec}`); continue; }
        const target = resolve(dirname(file), spec);
        if (!existsSync(target)) { bad.push(`${where}: ${spec} (missing)`); continue; }
        visit(target);
      }
    };
    visit(entry);
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].map((f) => relative(root, f))).toContain("dist/host/core/engine.js");
  });
});
