// alloc.ts — the one allocation wrapper of the engine (Redis: zmalloc.c).
//
// Every byte the engine keeps for data (key entries, dict tables, client buffers) is
// allocated here, so `usedMemory` is exact: it is what INFO reports as used_memory and
// what maxmemory is enforced against. Underneath is AssemblyScript's TLSF allocator
// (runtime "minimal"), reached through `heap.alloc/realloc/free`; no managed objects are
// created in the data path, so the GC never runs and never pauses.
//
// TLSF block layout (AssemblyScript std/rt/tlsf.ts): a 4-byte header sits right before
// the pointer we get, holding the payload size (multiple of 16, minus 4) in its upper
// bits and two tag bits below. So the real cost of a block is `(header & ~3) + 4`, which
// is what we count, as Redis counts jemalloc's usable size.
//
//      ptr-4      ptr
//      +----------+-------------------------------+
//      | mmInfo   | payload (size = mmInfo & ~3)  |
//      +----------+-------------------------------+

/** Bytes held by live engine allocations, headers included (INFO used_memory). */
export let usedMemory: u64 = 0;
/** Largest usedMemory ever seen (INFO used_memory_peak). */
export let usedMemoryPeak: u64 = 0;

/** Usable payload bytes of a block returned by zmalloc. */
@inline export function zmallocSize(ptr: usize): usize {
  return load<u32>(ptr - 4) & ~3;
}

@inline function account(ptr: usize, sign: i32): void {
  const n = <u64>(zmallocSize(ptr) + 4);
  if (sign > 0) {
    usedMemory += n;
    if (usedMemory > usedMemoryPeak) usedMemoryPeak = usedMemory;
  } else {
    usedMemory -= n;
  }
}

export function zmalloc(size: usize): usize {
  const p = heap.alloc(size);
  account(p, 1);
  return p;
}

export function zcalloc(size: usize): usize {
  const p = zmalloc(size);
  memory.fill(p, 0, size);
  return p;
}

export function zrealloc(ptr: usize, size: usize): usize {
  if (ptr == 0) return zmalloc(size);
  account(ptr, -1);
  const p = heap.realloc(ptr, size);
  account(p, 1);
  return p;
}

export function zfree(ptr: usize): void {
  if (ptr == 0) return;
  account(ptr, -1);
  heap.free(ptr);
}

/** Total linear memory in bytes (the "RSS" of the engine as the host sees it). */
export function linearMemoryBytes(): u64 {
  return <u64>memory.size() << 16;
}
