// inline.ts — the inline-command splitter (Redis sdssplitargs), on raw bytes.
//
// WHAT IT IS FOR
// A client that does not speak RESP multibulk (telnet, `printf ... | nc`, health checks) sends
// one command per line: `SET "a\x41b" 'x y'`. Redis 7.0.15 cuts the line and hands it to
// sds.c sdssplitargs(); this module reproduces that function exactly, working on
// (pointer, length) in linear memory, never building AS strings and never throwing.
//
// THE GRAMMAR (as sdssplitargs implements it; every point checked against redis-server 7.0.15)
//  * Arguments are separated by runs of isspace() bytes (C locale): space, \t, \n, \v, \f, \r.
//  * Inside an unquoted word, however, only space, \n, \r, \t end it: `a\vb` is ONE argument
//    containing a vertical tab. A quote inside a word opens a quoted section that continues the
//    same argument: `ab"c d"` is the single argument `abc d`. Backslashes outside quotes are
//    plain bytes.
//  * "double quotes": \xHH (two hex digits, either case) is that byte; \n \r \t \b \a are the
//    control characters; a backslash before any other byte yields that byte (\" -> ", \\ -> \,
//    \z -> z, and a \x not followed by two hex digits yields `x`).
//  * 'single quotes': only \' is an escape (-> '); every other byte, backslashes included, is
//    literal. So 'a\\' is unterminated: the second backslash escapes the closing quote.
//  * A closing quote must be followed by an isspace() byte or the end of the line, otherwise
//    the whole line fails ("a"b, 'a'b). An unterminated quote fails. Redis answers both with
//    `-ERR Protocol error: unbalanced quotes in request` and closes the connection.
//  * "" and '' are real, empty arguments.
//  * sdssplitargs walks a C string, so a NUL byte ends the line: everything after it is
//    ignored, and a NUL inside quotes is an unterminated quote. (In practice Redis never gets
//    that far: it finds the line end with strchr(), which stops at the NUL, so an inline request
//    containing NUL just waits for a "\n" it can never see, until the 64 KB inline limit gives
//    "-ERR Protocol error: too big inline request". That is the caller's business.)
//
// FRAMING (done by the caller, documented here because it was measured against 7.0.15):
//  * The line ends at the first "\n"; one "\r" right before it is dropped. A bare "\n" ending
//    is therefore accepted exactly like "\r\n". Any other "\r" in the line is just whitespace.
//  * An empty line, or one with only whitespace, yields argc 0: Redis sends NO reply at all
//    and just moves on to the next line (replicas use bare newlines as keep-alives).
//  * A request whose first byte is `*` is multibulk, never inline.
//
// THE CONTRACT
//   splitInlineArgs(line, len, out, outCap, spans, spansCap): i32
//     line/len      the line WITHOUT its "\r\n" / "\n" terminator.
//     out/outCap    byte area receiving the decoded arguments, packed back to back. Decoding
//                   never lengthens anything, so outCap >= len is always enough.
//     spans/spansCap  i32 pairs: spans[2*i] = offset of argument i in `out`, spans[2*i+1] =
//                   its length. spansCap counts pairs; inlineMaxArgs(len) is always enough.
//   returns argc >= 0 on success,
//           INLINE_UNBALANCED (-1) for unbalanced/unterminated quotes (Redis's error),
//           INLINE_NO_ROOM   (-2) if out or spans was too small (never with the sizes above).
//   `out` may be `line` itself (in-place decoding is safe: the write index never passes the
//   read index) or a separate area; any other overlap is not supported.
//   Nothing is allocated; nothing throws; the result for a given input is deterministic.
//
// HOW
// A single left-to-right pass with a tiny state machine (unquoted / "..." / '...'), reading
// through at(), which returns 0 past the end, so "end of line" and "NUL byte" are one case,
// just as in the C original. Lookahead is at most three bytes (\xHH).

export const INLINE_UNBALANCED: i32 = -1;
export const INLINE_NO_ROOM: i32 = -2;

/** Upper bound on the argument count of a line of `len` bytes (each needs a byte + a gap). */
export function inlineMaxArgs(len: i32): i32 {
  return len <= 0 ? 0 : (len + 1) >> 1;
}

/** Byte i of the line, or 0 past its end (the C string's terminator). */
@inline function at(line: usize, len: i32, i: i32): i32 {
  return i < len ? <i32>load<u8>(line + <usize>i) : 0;
}

/** C-locale isspace(): space, \t \n \v \f \r. */
@inline function isSpace(c: i32): bool {
  return c == 0x20 || <u32>(c - 0x09) <= 4;
}

/** Value of a hex digit, or -1. */
@inline function hexVal(c: i32): i32 {
  if (<u32>(c - 0x30) < 10) return c - 0x30; // 0-9
  let l = c | 0x20;
  if (<u32>(l - 0x61) < 6) return l - 0x61 + 10; // a-f / A-F
  return -1;
}

/** See the contract above. */
export function splitInlineArgs(
  line: usize,
  len: i32,
  out: usize,
  outCap: i32,
  spans: usize,
  spansCap: i32,
): i32 {
  if (len < 0) len = 0;
  let i = 0; // read index in line
  let o = 0; // write index in out
  let argc = 0;

  while (true) {
    // Skip separators (full isspace set here).
    let c = at(line, len, i);
    while (c != 0 && isSpace(c)) c = at(line, len, ++i);
    if (c == 0) return argc; // end of line (or NUL): done

    if (argc >= spansCap) return INLINE_NO_ROOM;
    let start = o;
    let inDouble = false;
    let inSingle = false;

    // Scan one argument. `emit` is inlined by hand: bounds-check, store, advance.
    while (true) {
      c = at(line, len, i);
      let byte = -1; // byte to append, or -1 for none
      let done = false;
      if (inDouble) {
        if (c == 0x5c) {
          let n = at(line, len, i + 1);
          let h1 = n == 0x78 ? hexVal(at(line, len, i + 2)) : -1;
          let h2 = h1 >= 0 ? hexVal(at(line, len, i + 3)) : -1;
          if (h2 >= 0) {
            byte = (h1 << 4) | h2; // \xHH
            i += 3;
          } else if (n != 0) {
            i++;
            if (n == 0x6e) byte = 0x0a; // \n
            else if (n == 0x72) byte = 0x0d; // \r
            else if (n == 0x74) byte = 0x09; // \t
            else if (n == 0x62) byte = 0x08; // \b
            else if (n == 0x61) byte = 0x07; // \a
            else byte = n; // \" \\ \anything -> the byte itself
          } else {
            // Backslash as the last byte: kept literally; the quote is then unterminated.
            byte = c;
          }
        } else if (c == 0x22) {
          // Closing quote: must be followed by whitespace or the end.
          let n = at(line, len, i + 1);
          if (n != 0 && !isSpace(n)) return INLINE_UNBALANCED;
          done = true;
        } else if (c == 0) {
          return INLINE_UNBALANCED; // unterminated "..."
        } else {
          byte = c;
        }
      } else if (inSingle) {
        if (c == 0x5c && at(line, len, i + 1) == 0x27) {
          i++;
          byte = 0x27; // \'
        } else if (c == 0x27) {
          let n = at(line, len, i + 1);
          if (n != 0 && !isSpace(n)) return INLINE_UNBALANCED;
          done = true;
        } else if (c == 0) {
          return INLINE_UNBALANCED; // unterminated '...'
        } else {
          byte = c;
        }
      } else {
        // Unquoted: only these four (and the end) terminate; \v and \f do not.
        if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 || c == 0) done = true;
        else if (c == 0x22) inDouble = true;
        else if (c == 0x27) inSingle = true;
        else byte = c;
      }
      if (byte >= 0) {
        if (o >= outCap) return INLINE_NO_ROOM;
        store<u8>(out + <usize>o, <u8>byte);
        o++;
      }
      // Step past the byte just handled, unless we are sitting on the end.
      if (at(line, len, i) != 0) i++;
      if (done) break;
    }

    store<i32>(spans + (<usize>argc << 3), start);
    store<i32>(spans + (<usize>argc << 3) + 4, o - start);
    argc++;
  }
  return argc; // unreachable; keeps the compiler's flow analysis happy
}
