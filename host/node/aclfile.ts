// aclfile.ts — the ACL file on disk for ACL LOAD / ACL SAVE and startup (host/core/cmd/acl.ts).
//
// Reading fails with the errno text Redis prints ("No such file or directory"); writing goes
// through a temp file in the same directory renamed over the old one, as ACLSaveToFile does.

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import type { AclFileIO } from "../core/cmd/acl.js";
import { bin, binBytes, binToUtf8 } from "../core/text.js";
import { strerror } from "./config.js";

export const nodeAclFileIO: AclFileIO = {
  read(path: string): string {
    try {
      return bin(readFileSync(binToUtf8(path)));
    } catch (e) {
      throw new Error(strerror(e));
    }
  },
  write(path: string, content: string): void {
    const p = binToUtf8(path);
    const tmp = `${p}.tmp-${process.pid}-${Date.now()}`;
    try {
      writeFileSync(tmp, binBytes(content), { mode: 0o644 });
      const fd = openSync(tmp, "r+");
      try { fsyncSync(fd); } finally { closeSync(fd); }
      renameSync(tmp, p);
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* already gone */ }
      throw new Error(strerror(e));
    }
  },
};
