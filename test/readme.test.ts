// readme.test.ts — the README's list of supported commands is the engine's (regenerate with
// `node host/tools/gen-readme.mjs` after adding commands).

import { expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { createRespite } from "../host/node/index.js";

test("README lists exactly the commands the engine implements", async () => {
  const db = await createRespite({ cron: false });
  const engine = db.core.engine;
  const implemented = engine.commandNames.filter((_, id) => engine.x.commandImplemented(id))
    .map((n) => n.toUpperCase().replace("|", " ")).sort();
  db.close();
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("<!-- commands:begin"), readme.indexOf("<!-- commands:end -->"));
  const listed = [...section.matchAll(/`([A-Z][A-Z0-9_ -]*)`/g)].map((m) => m[1]).sort();
  expect(listed).toEqual(implemented);
});
