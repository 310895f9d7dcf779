#!/usr/bin/env node
// gen-readme.mjs — writes the "Supported commands" section of README.md from the engine
// itself (what build/engine.wasm registers), grouped as Redis's docs group them.
//
// Run after `npm run build`: node host/tools/gen-readme.mjs  (test/readme.test.ts checks the
// README is current, so a command added without regenerating fails the suite).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../dist/host/core/engine.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const specDir = process.env.REDIS_SPECS ?? join(root, "..", "shared", "redis-7.0.15");
const specs = JSON.parse(readFileSync(join(specDir, "commands.json"), "utf8"));

export async function implementedCommands() {
  const engine = await Engine.load(readFileSync(join(root, "build", "engine.wasm")));
  const names = [];
  engine.commandNames.forEach((name, id) => {
    if (engine.x.commandImplemented(id)) names.push(name);
  });
  return names;
}

const names = await implementedCommands();
const groups = new Map();
for (const n of names) {
  const spec = specs[n.toUpperCase().replace("|", " ")];
  const g = spec?.group ?? "other";
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g).push(n.toUpperCase().replace("|", " "));
}
const lines = [`${names.length} commands and subcommands of Redis 7.0.15, each with all its options:`, ""];
for (const g of [...groups.keys()].sort()) lines.push(`- **${g}**: ${groups.get(g).sort().map((c) => "`" + c + "`").join(", ")}`);
const readmePath = join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const begin = readme.indexOf("<!-- commands:begin");
const end = readme.indexOf("<!-- commands:end -->");
const head = readme.slice(0, readme.indexOf("\n", begin) + 1);
writeFileSync(readmePath, head + lines.join("\n") + "\n" + readme.slice(end));
console.log(`gen-readme: ${names.length} commands`);
