// index.ts — Node entry for embedders: `createRespite()` loads build/engine.wasm from disk.

import { Respite, RespiteOptions } from "../embed.js";
import { engineModule } from "./load.js";

export * from "../embed.js";

export function createRespite(opts: Partial<RespiteOptions> = {}): Promise<Respite> {
  return Respite.create({ ...opts, wasm: opts.wasm ?? engineModule() });
}
