// lookup.ts — command name -> id (Redis: lookupCommand over server.commands).
//
// At init every full name of the generated table ("get", "client|list") is copied into one
// byte blob and indexed in a small open-addressing table (1024 slots for ~370 names, so
// probes are short). A lookup lower-cases the client's bytes into scratch space, hashes and
// compares bytes: no strings, no allocation.

import { COMMAND_COUNT, commandNames, commandIsContainer } from "./table.gen";
import { hashBytesNoCase } from "../util/hash";
import { zmalloc } from "../mem/alloc";

const SLOTS: u32 = 1024;
const MAX_NAME: u32 = 64;

let index: usize = 0; // SLOTS x i16 command id (-1 empty)
let nameBlob: usize = 0; // names, lower case, back to back
let nameOff: usize = 0; // COMMAND_COUNT x (u32 offset, u32 length)
let scratch: usize = 0;

export function commandLookupInit(): void {
  let total = 0;
  for (let i = 0; i < COMMAND_COUNT; i++) total += commandNames[i].length;
  nameBlob = zmalloc(total);
  nameOff = zmalloc(<usize>COMMAND_COUNT << 3);
  index = zmalloc(<usize>SLOTS << 1);
  scratch = zmalloc(MAX_NAME * 2 + 2);
  memory.fill(index, 0xff, <usize>SLOTS << 1);
  let off = 0;
  for (let i = 0; i < COMMAND_COUNT; i++) {
    const s = commandNames[i];
    for (let j = 0; j < s.length; j++) store<u8>(nameBlob + off + j, <u8>s.charCodeAt(j));
    store<u32>(nameOff + (<usize>i << 3), off);
    store<u32>(nameOff + (<usize>i << 3) + 4, s.length);
    let slot = hashBytesNoCase(nameBlob + off, s.length) & (SLOTS - 1);
    while (load<i16>(index + (<usize>slot << 1)) >= 0) slot = (slot + 1) & (SLOTS - 1);
    store<i16>(index + (<usize>slot << 1), <i16>i);
    off += s.length;
  }
}

/** Lower-case name bytes of a command id. */
@inline export function commandNamePtr(id: i32): usize {
  return nameBlob + <usize>load<u32>(nameOff + (<usize>id << 3));
}

@inline export function commandNameLen(id: i32): u32 {
  return load<u32>(nameOff + (<usize>id << 3) + 4);
}

function find(p: usize, n: u32): i32 {
  let slot = hashBytesNoCase(p, n) & (SLOTS - 1);
  while (true) {
    const id = <i32>load<i16>(index + (<usize>slot << 1));
    if (id < 0) return -1;
    if (commandNameLen(id) == n && memory.compare(commandNamePtr(id), p, n) == 0) return id;
    slot = (slot + 1) & (SLOTS - 1);
  }
  return -1;
}

@inline function lowerInto(dst: usize, p: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) {
    let b = load<u8>(p + i);
    if (b >= 65 && b <= 90) b += 32;
    store<u8>(dst + i, b);
  }
}

/** Id of the top-level command named by (p, n), any case; -1 if none. */
export function lookupCommandByName(p: usize, n: u32): i32 {
  if (n == 0 || n > MAX_NAME) return -1;
  lowerInto(scratch, p, n);
  // A '|' inside a client's name must not reach a subcommand ("client|list" is not a command).
  for (let i: u32 = 0; i < n; i++) if (load<u8>(scratch + i) == 0x7c) return -1;
  return find(scratch, n);
}

/** Id of subcommand (sp, sn) of container `parent`; -1 if none. */
export function lookupSubcommand(parent: i32, sp: usize, sn: u32): i32 {
  const pn = commandNameLen(parent);
  if (sn == 0 || sn > MAX_NAME) return -1;
  memory.copy(scratch, commandNamePtr(parent), pn);
  store<u8>(scratch + pn, 0x7c);
  lowerInto(scratch + pn + 1, sp, sn);
  for (let i: u32 = 0; i < sn; i++) if (load<u8>(scratch + pn + 1 + i) == 0x7c) return -1;
  return find(scratch, pn + 1 + sn);
}

@inline export function isContainer(id: i32): bool {
  return unchecked(commandIsContainer[id]) != 0;
}
