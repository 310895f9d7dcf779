// glob.ts — Redis glob-style pattern matching (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET,
// COMMAND LIST FILTERBY PATTERN, ACL key/channel patterns ...), byte for byte.
//
// WHAT IT MUST DO
// Reproduce Redis 7.0.15's util.c stringmatchlen() exactly, quirks included, on raw bytes
// (pointer + length in linear memory; never decoded to strings, never allocating, never
// throwing — an AS `throw` aborts the whole instance). The grammar:
//
//   *        any run of bytes; consecutive stars are one star.
//   ?        exactly one byte.
//   [...]    one byte from a set. `^` right after `[` negates. `a-z` is a range; a reversed
//            range `[z-a]` is swapped, not empty. `\x` inside a set is the literal x.
//   \x       the literal x. A trailing lone `\` is a literal backslash.
//   other    itself (ASCII case folding when nocase).
//
// Quirks reproduced on purpose (all checked against a real redis-server 7.0.15):
//  * The empty string matches only the empty pattern: "*" does NOT match "" (KEYS and SCAN
//    special-case the exact pattern "*" before calling the matcher; "**" does not match "").
//  * An unterminated set `[abc` behaves as if closed at the end of the pattern: `[abc`
//    matches "a". `[` alone matches nothing, `[^` matches any single byte.
//  * The range test `x-y` fires whenever a `-` follows and at least 3 bytes remain, even if
//    the third byte is `]`: `[a-]` is the range ']'..'a' and leaves the set open.
//  * Range bounds and the subject byte are compared as C `char`, which is SIGNED on the
//    platforms Redis ships on: bytes 0x80..0xff are -128..-1. So `[\x00-\xff]` is the range
//    -1..0 and matches only 0x00 and 0xff, while `[a-\xff]` matches 0x00..'a' and 0xff.
//  * With nocase, a range is swapped first and lowercased afterwards, through glibc's C-locale
//    tolower(), which maps A-Z up by 32, maps -128..-2 to 128..254 and leaves -1 (EOF) alone.
//    Hence `[Z-a]` matches nothing with nocase, and `[\x80-z]` matches nothing either.
//  * An escaped byte inside a set (`[\G]`) is compared case-sensitively even with nocase.
//  * The "nesting" guard (CVE-2024-31228 fix, present in the 7.0.15 build we mirror): each star
//    recursed into one level deeper, and a call deeper than 1000 fails. In practice: once the
//    matcher reaches the 1001st star group of the pattern (and it is not the pattern's final
//    byte, which matches at once), the whole match is false.
//
// HOW (and why not recursion)
// Redis recurses once per star and bounds the blow-up with "skipLongerMatches" (CVE-2022-36021
// fix, in 7.0.9+): if the tail after a star fails at every start position, no earlier star
// can help, because every non-star element consumes exactly one byte, so moving an earlier
// star later only moves this star's start later too, a subset of what was just tried. The
// consequence is that only the most recent star is ever worth backtracking to — which is the
// classic iterative wildcard algorithm: remember (pattern index after the last star, string
// index it was tried at); on any failure, retry that star one byte further; when it runs out,
// fail. Iterative means the wasm stack is untouched by a 1 MB pattern of stars, and the cost is
// O(|pattern| * |string|) in the worst case, never exponential. The nesting guard becomes a
// counter of star groups seen (the last star's ordinal is exactly Redis's recursion depth).
//
// One element (`?`, a set, an escape, a literal) is matched by matchOne(), which returns the
// pattern index after the element or -1. Sets are re-parsed each time they are visited: they
// are short, and keeping no state is what lets the matcher stay allocation-free.

// Byte constants.
const STAR: i32 = 0x2a; // *
const QMARK: i32 = 0x3f; // ?
const LBRACKET: i32 = 0x5b; // [
const RBRACKET: i32 = 0x5d; // ]
const BACKSLASH: i32 = 0x5c; // \
const CARET: i32 = 0x5e; // ^
const DASH: i32 = 0x2d; // -

/** Deepest star recursion Redis 7.0.15 allows (`if (nesting > 1000) return 0`). */
const MAX_STAR_NESTING: i32 = 1000;

/** ASCII lowercase of an unsigned byte (what tolower does for 0..127; 128..255 unchanged). */
@inline function lowerByte(c: i32): i32 {
  return <u32>(c - 65) < 26 ? c + 32 : c;
}

/**
 * glibc C-locale tolower() applied to a SIGNED char value (-128..127), as Redis does in set
 * ranges: A-Z -> a-z, -128..-2 -> 128..254 (the table is indexed by unsigned byte), -1 stays
 * -1 because it is EOF.
 */
@inline function ctolowerSigned(c: i32): i32 {
  if (c < -1) return c + 256;
  return lowerByte(c);
}

/** Byte equality, ASCII case-folded when nocase (high bytes fold to themselves). */
@inline function sameByte(a: i32, b: i32, nocase: bool): bool {
  return nocase ? lowerByte(a) == lowerByte(b) : a == b;
}

/**
 * Match one non-star element starting at pattern index p (< patLen) against subject byte
 * `c` (unsigned 0..255). Returns the pattern index just past the element, or -1.
 */
function matchOne(pat: usize, patLen: i32, p: i32, c: i32, nocase: bool): i32 {
  let b = <i32>load<u8>(pat + <usize>p);

  if (b == QMARK) return p + 1;

  if (b == LBRACKET) {
    let q = p + 1;
    // `^` right after `[` negates. (At the pattern's end Redis reads the NUL terminator: no.)
    let negate = q < patLen && <i32>load<u8>(pat + <usize>q) == CARET;
    if (negate) q++;
    let matched = false;
    while (true) {
      if (q >= patLen) {
        // Unterminated set: Redis steps back onto the last byte so that the common
        // "advance past the element" lands exactly on the end of the pattern.
        q--;
        break;
      }
      let x = <i32>load<u8>(pat + <usize>q);
      if (x == BACKSLASH && patLen - q >= 2) {
        // Escaped member: compared exactly, even with nocase (as Redis does).
        q++;
        if (<i32>load<u8>(pat + <usize>q) == c) matched = true;
      } else if (x == RBRACKET) {
        break;
      } else if (patLen - q >= 3 && <i32>load<u8>(pat + <usize>q + 1) == DASH) {
        // Range, on signed chars; reversed bounds are swapped; nocase lowers after swapping.
        let lo = <i32>load<i8>(pat + <usize>q);
        let hi = <i32>load<i8>(pat + <usize>q + 2);
        let sc = <i32><i8>c;
        if (lo > hi) {
          let t = lo;
          lo = hi;
          hi = t;
        }
        if (nocase) {
          lo = ctolowerSigned(lo);
          hi = ctolowerSigned(hi);
          sc = ctolowerSigned(sc);
        }
        q += 2;
        if (sc >= lo && sc <= hi) matched = true;
      } else if (sameByte(x, c, nocase)) {
        matched = true;
      }
      q++;
    }
    if (negate) matched = !matched;
    return matched ? q + 1 : -1;
  }

  if (b == BACKSLASH && patLen - p >= 2) {
    // Escape outside a set: the next byte is a literal. A trailing `\` is itself a literal.
    p++;
    b = <i32>load<u8>(pat + <usize>p);
  }
  return sameByte(b, c, nocase) ? p + 1 : -1;
}

/**
 * Redis stringmatchlen(): does the glob `pat[0..patLen)` match `str[0..strLen)`?
 * Byte-exact with Redis 7.0.15 (see the essay above). Allocation-free, iterative, never traps.
 */
export function stringmatchlen(pat: usize, patLen: i32, str: usize, strLen: i32, nocase: bool): bool {
  if (patLen < 0 || strLen < 0) return false;
  // Redis's main loop runs only while both sides are non-empty; an empty subject therefore
  // matches only an empty pattern (not even "*").
  if (strLen == 0) return patLen == 0;

  let p = 0; // pattern index
  let s = 0; // subject index; always < strLen at the top of the loop
  let starP = -1; // pattern index just after the most recent star group, -1 if none yet
  let starS = 0; // subject index at which the tail after that star was last tried
  let stars = 0; // ordinal of the most recent star group == Redis's recursion depth

  while (true) {
    if (p < patLen) {
      if (<i32>load<u8>(pat + <usize>p) == STAR) {
        // Collapse a run of stars.
        while (p + 1 < patLen && <i32>load<u8>(pat + <usize>p + 1) == STAR) p++;
        // A star that ends the pattern swallows the rest of the subject.
        if (p + 1 == patLen) return true;
        // Redis would now recurse one level deeper; past the limit every attempt fails.
        if (++stars > MAX_STAR_NESTING) return false;
        p++;
        starP = p;
        starS = s;
        continue; // try the tail with the star matching nothing first
      }
      let np = matchOne(pat, patLen, p, <i32>load<u8>(str + <usize>s), nocase);
      if (np >= 0) {
        p = np;
        s++;
        if (s < strLen) continue;
        // Subject exhausted: only trailing stars may remain in the pattern.
        while (p < patLen && <i32>load<u8>(pat + <usize>p) == STAR) p++;
        if (p == patLen) return true;
      }
    }
    // Failure (element mismatch, pattern exhausted with subject left, or subject exhausted
    // with pattern left): let the most recent star swallow one more byte. The tail after a
    // star needs at least one byte, so a star never starts its tail at the very end.
    if (starP < 0) return false;
    starS++;
    if (starS >= strLen) return false;
    p = starP;
    s = starS;
  }
}

/**
 * True when the pattern contains none of the bytes that are special anywhere in a glob
 * (`*`, `?`, `[`, `\`), so it matches exactly one string: itself (byte-for-byte, case-
 * sensitively). KEYS/SCAN may then do a single dictionary lookup. Notes:
 *  - `]`, `^` and `-` are special only inside a set, which needs a `[`, so they are literal.
 *  - An escaped pattern like `a\*b` also denotes a single string, but not ITSELF (the key is
 *    `a*b`), so it is reported as non-literal; callers simply fall back to matching.
 *  - The empty pattern is literal: it matches only the empty key.
 *  - Meaningless for nocase matching (a literal then matches every case variant).
 *  - KEYS/SCAN must still special-case the exact pattern "*", which (unlike the matcher)
 *    also selects the empty key in Redis.
 */
export function patternIsLiteral(pat: usize, len: i32): bool {
  for (let i = 0; i < len; i++) {
    let b = <i32>load<u8>(pat + <usize>i);
    if (b == STAR || b == QMARK || b == LBRACKET || b == BACKSLASH) return false;
  }
  return true;
}
