// rdb-crc64.ts — a plain bigint CRC-64/Jones for the tests (independent of the engine's
// table-driven one): reflected 0xad93d23594c935a9, init 0, no final xor.

const POLY = 0x95ac9329ac4bc9b5n;
const TABLE: bigint[] = [];
for (let i = 0n; i < 256n; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ POLY : c >> 1n;
  TABLE.push(c);
}

export function crc64(bytes: Uint8Array): bigint {
  let crc = 0n;
  for (const b of bytes) crc = TABLE[Number((crc ^ BigInt(b)) & 0xffn)] ^ (crc >> 8n);
  return crc;
}
