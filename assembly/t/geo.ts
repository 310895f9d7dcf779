// geo.ts — the GEO commands (Redis: geo.c, geohash.c, geohash_helper.c), on top of the sorted
// set type (t/zset.ts).
//
// A geo set is an ordinary zset whose scores are 52-bit interleaved geohashes: longitude and
// latitude are each scaled to 26 bits over [-180, 180] and [-85.05112878, 85.05112878] (the
// Web Mercator limits, Redis's GEO_STEP_MAX 26), latitude bits in the even positions and
// longitude bits in the odd ones. Because the score *is* the hash, every cell of the geohash
// grid at any precision is one contiguous score range, and a search is a handful of
// range scans: Redis's geohashCalculateAreasByShapeWGS84 picks a precision from the radius
// (geohashEstimateStepsByRadius), takes the cell holding the centre plus its 8 neighbours,
// drops the neighbours the bounding box cannot reach, and scans each remaining cell's score
// range, keeping the points within the shape. We follow those functions step by step, with
// the same double arithmetic, so the same candidate cells are scanned, the same members
// found, and positions decode to the same cell centres (GEOPOS prints them with
// addReplyHumanLongDouble's "%.17Lf"-then-trim text, util/longdouble.ts).
//
// GEOADD parses and validates every coordinate first, then adds through zsetAdd exactly as
// ZADD would with the geohash as score, and propagates itself as the ZADD Redis rewrites it
// into ("zadd key [opts] score member ..."). GEOSEARCH / GEORADIUS* gather matches into a
// scratch array of fixed records (member bytes copied into a scratch arena, since listpack
// integers have no bytes of their own), sort it by distance and reply or store. Sorting is
// where equal distances (members sharing a position) could come out in another order than
// Redis's, so both of Redis's sorts are reproduced: a full sort is glibc 2.36's qsort, a
// stable merge sort for records this size; when COUNT keeps fewer than were found, Redis's
// own partial quicksort (pqsort.c) runs over the index array, ties landing where its
// partitioning leaves them. Nothing is allocated per call once the scratch buffers have grown
// to the largest result seen.
//
// Error strings that only geo uses are kept here, next to the code that emits them.

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyError, addReplyLongLong, addReplyNull, addReplyNullArray,
  addReplyProto, addReplyRaw, errBegin, errBytes, errEnd, errStr } from "../resp/reply";
import { ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_SYNTAX } from "../resp/errors";
import { addDirty, dbAddEntry, dirty, lastHash, lookupKeyRead, lookupKeyWrite } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_ZSET } from "../db/notify";
import { CMD_GEOSEARCHSTORE } from "../commands/table.gen";
import { entryEncoding, ENC_LISTPACK, OBJ_ZSET } from "../db/object";
import { argIs, checkType } from "./common";
import { deleteKeyArg, storeEntry, ZADD_IN_NX, ZADD_IN_XX, ZADD_OUT_ADDED, ZADD_OUT_UPDATED, zaddOut, zLp, zsetAdd, zsetCreateEntry, zsetScore, zsetScoreOut, zZs,
  zzlFirstInRange, zzlGetScore } from "./zset";
import { zslFirstInRange, zslNext, zslNodeKeyLen, zslNodeKeyPtr, zslNodeScore, zslSetRange,
  zslValueLteMax } from "../ds/skiplist";
import { lpGetBytes, lpNext, lpStrLen, lpStrPtr } from "../ds/listpack";
import { ll2string, parsedDouble, parsedLL, string2d, string2ll } from "../util/number";
import { fmtFixedF64, ld2stringHumanF64 } from "../util/longdouble";
import { zfree, zmalloc } from "../mem/alloc";
import { propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "../db/effects";
import { preventDefaultPropagation } from "../server";

// ---- constants (Redis: geohash.h, geohash_helper.c) ------------------------------------

const GEO_STEP_MAX: i32 = 26;
const GEO_LAT_MIN: f64 = -85.05112878;
const GEO_LAT_MAX: f64 = 85.05112878;
const GEO_LONG_MIN: f64 = -180;
const GEO_LONG_MAX: f64 = 180;
const D_R: f64 = Math.PI / 180.0;
const EARTH_RADIUS_IN_METERS: f64 = 6372797.560856;
const MERCATOR_MAX: f64 = 20037726.37;

const ERR_GEO_LONLAT = "ERR invalid longitude,latitude pair ";
const ERR_GEO_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
const ERR_GEO_RADIUS_NUM = "ERR need numeric radius";
const ERR_GEO_RADIUS_NEG = "ERR radius cannot be negative";
const ERR_GEO_WIDTH_NUM = "ERR need numeric width";
const ERR_GEO_HEIGHT_NUM = "ERR need numeric height";
const ERR_GEO_BOX_NEG = "ERR height or width cannot be negative";
const ERR_GEO_MEMBER = "ERR could not decode requested zset member";
const ERR_GEO_COUNT = "ERR COUNT must be > 0";
const ERR_GEO_ANY = "ERR the ANY argument requires COUNT argument";

const NUM_BUF: usize = memory.data(128);

// ---- geohash (Redis: geohash.c) ---------------------------------------------------------

/** Spreads the low 32 bits of x into the even bit positions (Redis: interleave64's halves). */
function spread(v: u64): u64 {
  v = (v | (v << 16)) & 0x0000FFFF0000FFFF;
  v = (v | (v << 8)) & 0x00FF00FF00FF00FF;
  v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F;
  v = (v | (v << 2)) & 0x3333333333333333;
  v = (v | (v << 1)) & 0x5555555555555555;
  return v;
}

/** Gathers the even bits of v into the low 32 bits (inverse of spread). */
function squeeze(v: u64): u64 {
  v &= 0x5555555555555555;
  v = (v | (v >> 1)) & 0x3333333333333333;
  v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0F;
  v = (v | (v >> 4)) & 0x00FF00FF00FF00FF;
  v = (v | (v >> 8)) & 0x0000FFFF0000FFFF;
  v = (v | (v >> 16)) & 0x00000000FFFFFFFF;
  return v;
}

/** Redis interleave64(xlo, ylo): x in the even bits, y in the odd bits. */
@inline function interleave64(x: u32, y: u32): u64 {
  return spread(<u64>x) | (spread(<u64>y) << 1);
}

/** C's (uint32_t) conversion of an in-range non-negative double (truncation). */
@inline function toU32(d: f64): u32 {
  if (!(d >= 0)) return 0;
  if (d >= 4294967296.0) return 0xFFFFFFFF;
  return <u32>d;
}

/**
 * Encodes (longitude, latitude) at `step` bits per coordinate over the given ranges (Redis:
 * geohashEncode). Returns false (hashBits 0) outside the WGS84 limits or the ranges.
 */
let hashBits: u64 = 0;
function geohashEncode(lonMin: f64, lonMax: f64, latMin: f64, latMax: f64, lon: f64, lat: f64, step: i32): bool {
  hashBits = 0;
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return false;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return false;
  let latOff = (lat - latMin) / (latMax - latMin);
  let lonOff = (lon - lonMin) / (lonMax - lonMin);
  const scale = <f64>(<u64>1 << <u64>step);
  latOff *= scale;
  lonOff *= scale;
  hashBits = interleave64(toU32(latOff), toU32(lonOff));
  return true;
}

@inline function geohashEncodeWGS84(lon: f64, lat: f64, step: i32): bool {
  return geohashEncode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, lon, lat, step);
}

// The last decoded area (Redis: GeoHashArea).
let areaLatMin: f64 = 0;
let areaLatMax: f64 = 0;
let areaLonMin: f64 = 0;
let areaLonMax: f64 = 0;

/** The cell of hash `bits` at `step` over the WGS84 ranges (Redis: geohashDecodeWGS84). */
function geohashDecode(bits: u64, step: i32): void {
  const ilato = <u32>squeeze(bits);
  const ilono = <u32>squeeze(bits >> 1);
  const div = <f64>(<u64>1 << <u64>step);
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN;
  const lonScale = GEO_LONG_MAX - GEO_LONG_MIN;
  areaLatMin = GEO_LAT_MIN + (<f64>ilato * 1.0 / div) * latScale;
  areaLatMax = GEO_LAT_MIN + (<f64>(ilato + 1) * 1.0 / div) * latScale;
  areaLonMin = GEO_LONG_MIN + (<f64>ilono * 1.0 / div) * lonScale;
  areaLonMax = GEO_LONG_MIN + (<f64>(ilono + 1) * 1.0 / div) * lonScale;
}

// Decoded position (Redis: the xy[2] of decodeGeohash).
let posLon: f64 = 0;
let posLat: f64 = 0;

/** C's (uint64_t) of a double as x86-64 gcc code computes it (no trap on odd scores). */
function scoreToU64(score: f64): u64 {
  // gcc: x < 2^63 ? cvttsd2si(x) : cvttsd2si(x - 2^63) ^ 2^63, where cvttsd2si yields
  // 0x8000000000000000 for anything it cannot represent (NaN takes the second branch).
  if (score < 9223372036854775808.0) {
    if (score <= -9223372036854775809.0) return 0x8000000000000000;
    return <u64><i64>score;
  }
  const d = score - 9223372036854775808.0;
  if (d != d || d >= 9223372036854775808.0) return 0;
  return (<u64><i64>d) ^ 0x8000000000000000;
}

/** Position of a 52-bit score: the centre of its cell, clamped (Redis: decodeGeohash). */
function decodeGeohash(score: f64): void {
  geohashDecode(scoreToU64(score), GEO_STEP_MAX);
  let x = (areaLonMin + areaLonMax) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (areaLatMin + areaLatMax) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  posLon = x;
  posLat = y;
}

/** Moves a hash one cell east (d > 0) or west along longitude (Redis: geohash_move_x). */
function moveX(bits: u64, step: i32, d: i32): u64 {
  if (d == 0) return bits;
  let x = bits & 0xaaaaaaaaaaaaaaaa;
  const y = bits & 0x5555555555555555;
  const zz: u64 = 0x5555555555555555 >> <u64>(64 - step * 2);
  if (d > 0) x = x + (zz + 1);
  else {
    x = x | zz;
    x = x - (zz + 1);
  }
  x &= 0xaaaaaaaaaaaaaaaa >> <u64>(64 - step * 2);
  return x | y;
}

/** Moves a hash one cell north (d > 0) or south along latitude (Redis: geohash_move_y). */
function moveY(bits: u64, step: i32, d: i32): u64 {
  if (d == 0) return bits;
  const x = bits & 0xaaaaaaaaaaaaaaaa;
  let y = bits & 0x5555555555555555;
  const zz: u64 = 0xaaaaaaaaaaaaaaaa >> <u64>(64 - step * 2);
  if (d > 0) y = y + (zz + 1);
  else {
    y = y | zz;
    y = y - (zz + 1);
  }
  y &= 0x5555555555555555 >> <u64>(64 - step * 2);
  return x | y;
}

// ---- distances (Redis: geohash_helper.c) ------------------------------------------------

@inline function degRad(a: f64): f64 { return a * D_R; }
@inline function radDeg(a: f64): f64 { return a / D_R; }

/** Haversine great-circle distance in meters (Redis: geohashGetDistance). */
function geohashGetDistance(lon1d: f64, lat1d: f64, lon2d: f64, lat2d: f64): f64 {
  const lat1r = degRad(lat1d);
  const lon1r = degRad(lon1d);
  const lat2r = degRad(lat2d);
  const lon2r = degRad(lon2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const v = Math.sin((lon2r - lon1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v));
}

/** Redis: geohashEstimateStepsByRadius. */
function estimateStepsByRadius(rangeMeters: f64, lat: f64): i32 {
  if (rangeMeters == 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

// ---- the search shape (Redis: GeoShape) --------------------------------------------------

const CIRCULAR_TYPE: i32 = 1;
const RECTANGLE_TYPE: i32 = 2;

let shapeType: i32 = 0;
let shapeLon: f64 = 0;
let shapeLat: f64 = 0;
let shapeConversion: f64 = 1;
let shapeRadius: f64 = 0;
let shapeWidth: f64 = 0;
let shapeHeight: f64 = 0;

// The 9 cells to scan: centre, N, S, E, W, NE, NW, SE, SW (Redis: membersOfAllNeighbors order);
// step 0 marks a cell excluded (GZERO).
const CELL_BITS: usize = memory.data(9 * 8);
const CELL_STEP: usize = memory.data(9 * 4);

@inline function setCell(i: i32, bits: u64, step: i32): void {
  store<u64>(CELL_BITS + (<usize>i << 3), bits);
  store<i32>(CELL_STEP + (<usize>i << 2), step);
}
@inline function cellBits(i: i32): u64 { return load<u64>(CELL_BITS + (<usize>i << 3)); }
@inline function cellStep(i: i32): i32 { return load<i32>(CELL_STEP + (<usize>i << 2)); }

/** The centre cell and its 8 neighbours at `steps` (Redis: geohashEncode + geohashNeighbors). */
function neighboursAt(steps: i32): void {
  geohashEncodeWGS84(shapeLon, shapeLat, steps);
  const h = hashBits;
  setCell(0, h, steps);
  setCell(1, moveY(h, steps, 1), steps); // north
  setCell(2, moveY(h, steps, -1), steps); // south
  setCell(3, moveX(h, steps, 1), steps); // east
  setCell(4, moveX(h, steps, -1), steps); // west
  setCell(5, moveY(moveX(h, steps, 1), steps, 1), steps); // north east
  setCell(6, moveY(moveX(h, steps, -1), steps, 1), steps); // north west
  setCell(7, moveY(moveX(h, steps, 1), steps, -1), steps); // south east
  setCell(8, moveY(moveX(h, steps, -1), steps, -1), steps); // south west
}

/** Redis: geohashCalculateAreasByShapeWGS84 (bounding box, step, 9 cells, exclusions). */
function calculateAreasByShape(): void {
  // geohashBoundingBox
  const height = shapeConversion * (shapeType == CIRCULAR_TYPE ? shapeRadius : shapeHeight / 2);
  const width = shapeConversion * (shapeType == CIRCULAR_TYPE ? shapeRadius : shapeWidth / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shapeLat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shapeLat - latDelta)));
  const south = shapeLat < 0;
  const minLon = south ? shapeLon - lonDeltaBottom : shapeLon - lonDeltaTop;
  const maxLon = south ? shapeLon + lonDeltaBottom : shapeLon + lonDeltaTop;
  const minLat = shapeLat - latDelta;
  const maxLat = shapeLat + latDelta;

  let radiusMeters = shapeType == CIRCULAR_TYPE ? shapeRadius
    : Math.sqrt((shapeWidth / 2) * (shapeWidth / 2) + (shapeHeight / 2) * (shapeHeight / 2));
  radiusMeters *= shapeConversion;
  let steps = estimateStepsByRadius(radiusMeters, shapeLat);
  neighboursAt(steps);

  // Is the step small enough at the edges of the covered area?
  let decrease = false;
  geohashDecode(cellBits(1), steps);
  if (areaLatMax < maxLat) decrease = true;
  geohashDecode(cellBits(2), steps);
  if (areaLatMin > minLat) decrease = true;
  geohashDecode(cellBits(3), steps);
  if (areaLonMax < maxLon) decrease = true;
  geohashDecode(cellBits(4), steps);
  if (areaLonMin > minLon) decrease = true;
  if (steps > 1 && decrease) {
    steps--;
    neighboursAt(steps);
  }
  geohashDecode(cellBits(0), steps);

  // Exclude the cells the search area cannot reach.
  if (steps >= 2) {
    if (areaLatMin < minLat) {
      setCell(2, 0, 0);
      setCell(8, 0, 0);
      setCell(7, 0, 0);
    }
    if (areaLatMax > maxLat) {
      setCell(1, 0, 0);
      setCell(5, 0, 0);
      setCell(6, 0, 0);
    }
    if (areaLonMin < minLon) {
      setCell(4, 0, 0);
      setCell(8, 0, 0);
      setCell(6, 0, 0);
    }
    if (areaLonMax > maxLon) {
      setCell(3, 0, 0);
      setCell(7, 0, 0);
      setCell(5, 0, 0);
    }
  }
}

// ---- the result array (Redis: geoArray) ----------------------------------------------------

// Record: lon f64 | lat f64 | dist f64 | score f64 | member offset u32 | member len u32.
const GP_SIZE: usize = 40;
let gaBuf: usize = 0;
let gaCap: i32 = 0;
let gaUsed: i32 = 0;
let arena: usize = 0; // member bytes
let arenaCap: usize = 0;
let arenaUsed: usize = 0;
let sortIdx: usize = 0; // u32 indexes being sorted, and the merge buffer after them
let sortCap: i32 = 0;

@inline function gp(i: i32): usize { return gaBuf + <usize>i * GP_SIZE; }

function gaAppend(lon: f64, lat: f64, dist: f64, score: f64, mp: usize, ml: u32): void {
  if (gaUsed == gaCap) {
    const ncap = gaCap == 0 ? 64 : gaCap * 2;
    const nb = zmalloc(<usize>ncap * GP_SIZE);
    if (gaUsed > 0) memory.copy(nb, gaBuf, <usize>gaUsed * GP_SIZE);
    if (gaBuf != 0) zfree(gaBuf);
    gaBuf = nb;
    gaCap = ncap;
  }
  if (arenaUsed + <usize>ml > arenaCap) {
    let ncap = arenaCap == 0 ? <usize>4096 : arenaCap * 2;
    while (ncap < arenaUsed + <usize>ml) ncap *= 2;
    const nb = zmalloc(ncap);
    if (arenaUsed > 0) memory.copy(nb, arena, arenaUsed);
    if (arena != 0) zfree(arena);
    arena = nb;
    arenaCap = ncap;
  }
  memory.copy(arena + arenaUsed, mp, ml);
  const g = gp(gaUsed);
  store<f64>(g, lon);
  store<f64>(g, lat, 8);
  store<f64>(g, dist, 16);
  store<f64>(g, score, 24);
  store<u32>(g, <u32>arenaUsed, 32);
  store<u32>(g, ml, 36);
  arenaUsed += ml;
  gaUsed++;
}

/** Appends the point if it lies within the shape (Redis: geoAppendIfWithinShape). */
function appendIfWithinShape(score: f64, mp: usize, ml: u32): void {
  decodeGeohash(score);
  const x = posLon;
  const y = posLat;
  let distance: f64 = 0;
  if (shapeType == CIRCULAR_TYPE) {
    distance = geohashGetDistance(shapeLon, shapeLat, x, y);
    if (distance > shapeRadius * shapeConversion) return;
  } else {
    // geohashGetDistanceIfInRectangle
    const lonDistance = geohashGetDistance(x, y, shapeLon, y);
    const latDistance = geohashGetDistance(x, y, x, shapeLat);
    if (lonDistance > shapeWidth * shapeConversion / 2 || latDistance > shapeHeight * shapeConversion / 2) return;
    distance = geohashGetDistance(shapeLon, shapeLat, x, y);
  }
  gaAppend(x, y, distance, score, mp, ml);
}

const MEMBER_BUF: usize = memory.data(32);

/** Scans scores min <= s < max of zset entry e (Redis: geoGetPointsInRange). */
function getPointsInRange(e: usize, min: f64, max: f64, limit: i64): void {
  zslSetRange(min, false, max, true);
  if (entryEncoding(e) == ENC_LISTPACK) {
    const lp = zLp(e);
    let eptr = zzlFirstInRange(lp);
    if (eptr == 0) return;
    let sptr = lpNext(lp, eptr);
    while (eptr != 0) {
      const score = zzlGetScore(sptr);
      if (!zslValueLteMax(score)) break;
      lpGetBytes(eptr, MEMBER_BUF);
      appendIfWithinShape(score, lpStrPtr, lpStrLen);
      if (gaUsed != 0 && limit != 0 && <i64>gaUsed >= limit) break;
      eptr = lpNext(lp, sptr);
      sptr = eptr != 0 ? lpNext(lp, eptr) : 0;
    }
  } else {
    let ln = zslFirstInRange(zZs(e));
    while (ln != 0) {
      const score = zslNodeScore(ln);
      if (!zslValueLteMax(score)) break;
      appendIfWithinShape(score, zslNodeKeyPtr(ln), zslNodeKeyLen(ln));
      if (gaUsed != 0 && limit != 0 && <i64>gaUsed >= limit) break;
      ln = zslNext(ln);
    }
  }
}

/** Scans the 9 cells, skipping excluded and repeated ones (Redis: membersOfAllNeighbors). */
function membersOfAllNeighbors(e: usize, limit: i64): void {
  let last = 0;
  for (let i = 0; i < 9; i++) {
    const step = cellStep(i);
    const bits = cellBits(i);
    if (step == 0 && bits == 0) continue;
    if (last != 0 && bits == cellBits(last) && step == cellStep(last)) continue;
    if (gaUsed != 0 && limit != 0 && <i64>gaUsed >= limit) break;
    // scoresOfGeoHashBox: the cell's 52-bit aligned range [bits, bits + 1).
    const shift = <u64>(52 - step * 2);
    const min = bits << shift;
    const max = (bits + 1) << shift;
    getPointsInRange(e, <f64>min, <f64>max, limit);
    last = i;
  }
}

/** Stable merge sort of the result indexes by distance, ascending or descending. */
function sortByDistance(desc: bool): void {
  const n = gaUsed;
  if (n > sortCap) {
    if (sortIdx != 0) zfree(sortIdx);
    sortCap = n < 64 ? 64 : n;
    sortIdx = zmalloc(<usize>sortCap * 8);
  }
  let a = sortIdx;
  let b = sortIdx + <usize>sortCap * 4;
  for (let i = 0; i < n; i++) store<u32>(a + (<usize>i << 2), i);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = min(lo + width, n);
      const hi = min(lo + 2 * width, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const ii = load<u32>(a + (<usize>i << 2));
        const jj = load<u32>(a + (<usize>j << 2));
        const di = load<f64>(gp(ii), 16);
        const dj = load<f64>(gp(jj), 16);
        // Take from the right only when it sorts strictly before the left (stability).
        const rightFirst = desc ? dj > di : dj < di;
        if (rightFirst) {
          store<u32>(b + (<usize>k << 2), jj);
          j++;
        } else {
          store<u32>(b + (<usize>k << 2), ii);
          i++;
        }
        k++;
      }
      while (i < mid) store<u32>(b + (<usize>(k++) << 2), load<u32>(a + (<usize>(i++) << 2)));
      while (j < hi) store<u32>(b + (<usize>(k++) << 2), load<u32>(a + (<usize>(j++) << 2)));
    }
    const t = a;
    a = b;
    b = t;
  }
  if (a != sortIdx) memory.copy(sortIdx, a, <usize>n << 2);
}

// ---- replies ----------------------------------------------------------------------------------

/** Redis addReplyHumanLongDouble for a double: bulk in RESP2, a RESP3 double otherwise. */
function addReplyHumanLongDouble(c: Client, v: f64): void {
  const n = ld2stringHumanF64(NUM_BUF + 1, v);
  if (c.resp >= 3) {
    store<u8>(NUM_BUF, 0x2c);
    store<u8>(NUM_BUF + 1 + n, 13);
    store<u8>(NUM_BUF + 2 + n, 10);
    addReplyRaw(c, NUM_BUF, <u32>n + 3);
  } else {
    addReplyBulk(c, NUM_BUF + 1, <u32>n);
  }
}

/** Redis addReplyDoubleDistance: "%.4f" as a bulk string. */
function addReplyDoubleDistance(c: Client, d: f64): void {
  const n = fmtFixedF64(NUM_BUF, d, 4);
  addReplyBulk(c, NUM_BUF, <u32>n);
}

/** C's (long long) of a double (scores here are integral hashes; odd scores do not trap). */
function doubleToLL(d: f64): i64 {
  if (d != d || d >= 9223372036854775808.0 || d < -9223372036854775808.0) return i64.MIN_VALUE;
  return <i64>d;
}

// ---- argument helpers ------------------------------------------------------------------------

let argLon: f64 = 0;
let argLat: f64 = 0;

/** argv[i], argv[i+1] as longitude, latitude within the limits (Redis: extractLongLatOrReply). */
function extractLongLatOrReply(c: Client, i: i32): bool {
  if (!string2d(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, ERR_NOT_FLOAT);
    return false;
  }
  const x = parsedDouble;
  if (!string2d(argPtr(c, i + 1), <i32>argLen(c, i + 1))) {
    addReplyError(c, ERR_NOT_FLOAT);
    return false;
  }
  const y = parsedDouble;
  if (x < GEO_LONG_MIN || x > GEO_LONG_MAX || y < GEO_LAT_MIN || y > GEO_LAT_MAX) {
    errBegin(c);
    errStr(c, ERR_GEO_LONLAT);
    errBytes(c, NUM_BUF, <u32>fmtFixedF64(NUM_BUF, x, 6));
    errStr(c, ",");
    errBytes(c, NUM_BUF, <u32>fmtFixedF64(NUM_BUF, y, 6));
    errEnd(c);
    return false;
  }
  argLon = x;
  argLat = y;
  return true;
}

/** Meters per unit of argv[i], or -1 after replying the error (Redis: extractUnitOrReply). */
function extractUnitOrReply(c: Client, i: i32): f64 {
  if (argIs(c, i, "m")) return 1;
  if (argIs(c, i, "km")) return 1000;
  if (argIs(c, i, "ft")) return 0.3048;
  if (argIs(c, i, "mi")) return 1609.34;
  addReplyError(c, ERR_GEO_UNIT);
  return -1;
}

/** argv[i] radius, argv[i+1] unit into the shape (Redis: extractDistanceOrReply). */
function extractDistanceOrReply(c: Client, i: i32): bool {
  if (!string2d(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, ERR_GEO_RADIUS_NUM);
    return false;
  }
  const d = parsedDouble;
  if (d < 0) {
    addReplyError(c, ERR_GEO_RADIUS_NEG);
    return false;
  }
  shapeRadius = d;
  const conv = extractUnitOrReply(c, i + 1);
  if (conv < 0) return false;
  shapeConversion = conv;
  return true;
}

/** argv[i] width, argv[i+1] height, argv[i+2] unit (Redis: extractBoxOrReply). */
function extractBoxOrReply(c: Client, i: i32): bool {
  if (!string2d(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, ERR_GEO_WIDTH_NUM);
    return false;
  }
  const w = parsedDouble;
  if (!string2d(argPtr(c, i + 1), <i32>argLen(c, i + 1))) {
    addReplyError(c, ERR_GEO_HEIGHT_NUM);
    return false;
  }
  const h = parsedDouble;
  if (h < 0 || w < 0) {
    addReplyError(c, ERR_GEO_BOX_NEG);
    return false;
  }
  shapeHeight = h;
  shapeWidth = w;
  const conv = extractUnitOrReply(c, i + 2);
  if (conv < 0) return false;
  shapeConversion = conv;
  return true;
}

/** Position of member argv[i] of zset e into the shape centre (Redis: longLatFromMember). */
function longLatFromMember(c: Client, e: usize, i: i32): bool {
  if (!zsetScore(e, argPtr(c, i), argLen(c, i))) return false;
  decodeGeohash(zsetScoreOut);
  shapeLon = posLon;
  shapeLat = posLat;
  return true;
}

// ---- GEOADD ------------------------------------------------------------------------------------

// The 52-bit geohashes of the elements being added (the scores ZADD would get), 8 bytes each.
let geoScores: usize = 0;
let geoScoresCap: i32 = 0;
const SCORE_SLOT: usize = 8;

/** GEOADD key [NX|XX] [CH] longitude latitude member [...] (Redis: geoaddCommand). */
export function geoaddCommand(c: Client): void {
  let xx = false, nx = false, ch = false;
  let longidx = 2;
  while (longidx < c.argc) {
    if (argIs(c, longidx, "nx")) nx = true;
    else if (argIs(c, longidx, "xx")) xx = true;
    else if (argIs(c, longidx, "ch")) ch = true;
    else break;
    longidx++;
  }
  if ((c.argc - longidx) % 3 != 0 || (xx && nx)) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const elements = (c.argc - longidx) / 3;
  if (elements == 0) {
    // ZADD with no score/member pairs.
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  if (elements > geoScoresCap) {
    if (geoScores != 0) zfree(geoScores);
    geoScoresCap = elements < 64 ? 64 : elements;
    geoScores = zmalloc(<usize>geoScoresCap * SCORE_SLOT);
  }
  for (let j = 0; j < elements; j++) {
    if (!extractLongLatOrReply(c, longidx + j * 3)) return;
    geohashEncodeWGS84(argLon, argLat, GEO_STEP_MAX);
    // geohashAlign52Bits at step 26 is the hash itself.
    store<u64>(geoScores + <usize>j * SCORE_SLOT, hashBits);
  }
  // ZADD semantics from here (zaddGenericCommand with the geohashes as scores).
  const db = c.db;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  const h = lastHash;
  if (checkType(c, e, OBJ_ZSET)) return;
  const flags = (nx ? ZADD_IN_NX : 0) | (xx ? ZADD_IN_XX : 0);
  let added: i64 = 0;
  let updated: i64 = 0;
  const before = dirty;
  if (e != 0 || !xx) {
    if (e == 0) {
      e = zsetCreateEntry(kp, kl, argLen(c, longidx + 2), false);
      dbAddEntry(db, e, h);
    }
    for (let j = 0; j < elements; j++) {
      const mi = longidx + j * 3 + 2;
      zsetAdd(e, <f64>load<u64>(geoScores + <usize>j * SCORE_SLOT), argPtr(c, mi), argLen(c, mi), flags);
      const out = zaddOut;
      if ((out & ZADD_OUT_ADDED) != 0) added++;
      if ((out & ZADD_OUT_UPDATED) != 0) updated++;
    }
    addDirty(<u64>(added + updated));
    // GEOADD runs as ZADD in Redis: a "zadd" event.
    if (added + updated != 0) notifyKeyspaceEvent(NOTIFY_ZSET, "zadd", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, ch ? added + updated : added);
  // Propagated as the ZADD Redis rewrites GEOADD into.
  if (propagationEnabled && dirty != before) {
    propagateBegin(c.dbIndex, longidx + elements * 2);
    propagateArgStr("zadd");
    for (let i = 1; i < longidx; i++) propagateArg(argPtr(c, i), argLen(c, i));
    for (let j = 0; j < elements; j++) {
      // The score as Redis's sdsfromlonglong wrote it into the rewritten argv.
      const n = ll2string(NUM_BUF, <i64>load<u64>(geoScores + <usize>j * SCORE_SLOT));
      propagateArg(NUM_BUF, <u32>n);
      const mi = longidx + j * 3 + 2;
      propagateArg(argPtr(c, mi), argLen(c, mi));
    }
    propagateEnd();
    preventDefaultPropagation();
  }
}

// ---- GEOPOS, GEODIST, GEOHASH -----------------------------------------------------------------

/** GEOPOS key [member ...] (Redis: geoposCommand). */
export function geoposCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_ZSET)) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j = 2; j < c.argc; j++) {
    if (e == 0 || !zsetScore(e, argPtr(c, j), argLen(c, j))) {
      addReplyNullArray(c);
      continue;
    }
    decodeGeohash(zsetScoreOut);
    addReplyArrayLen(c, 2);
    addReplyHumanLongDouble(c, posLon);
    addReplyHumanLongDouble(c, posLat);
  }
}

/** GEODIST key member1 member2 [unit] (Redis: geodistCommand). */
export function geodistCommand(c: Client): void {
  let toMeter: f64 = 1;
  if (c.argc == 5) {
    toMeter = extractUnitOrReply(c, 4);
    if (toMeter < 0) return;
  } else if (c.argc > 5) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  if (!zsetScore(e, argPtr(c, 2), argLen(c, 2))) {
    addReplyNull(c);
    return;
  }
  const s1 = zsetScoreOut;
  if (!zsetScore(e, argPtr(c, 3), argLen(c, 3))) {
    addReplyNull(c);
    return;
  }
  const s2 = zsetScoreOut;
  decodeGeohash(s1);
  const x1 = posLon, y1 = posLat;
  decodeGeohash(s2);
  addReplyDoubleDistance(c, geohashGetDistance(x1, y1, posLon, posLat) / toMeter);
}

const GEOALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";
const HASH_BUF: usize = memory.data(12);

/** GEOHASH key [member ...]: standard 11-char geohashes (Redis: geohashCommand). */
export function geohashCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_ZSET)) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j = 2; j < c.argc; j++) {
    if (e == 0 || !zsetScore(e, argPtr(c, j), argLen(c, j))) {
      addReplyNull(c);
      continue;
    }
    // Our latitude range is +-85.05; re-encode with the standard +-90 one.
    decodeGeohash(zsetScoreOut);
    geohashEncode(-180, 180, -90, 90, posLon, posLat, 26);
    const bits = hashBits;
    for (let i = 0; i < 11; i++) {
      const idx = i == 10 ? 0 : <i32>((bits >> <u64>(52 - (i + 1) * 5)) & 0x1f);
      store<u8>(HASH_BUF + <usize>i, <u8>GEOALPHABET.charCodeAt(idx));
    }
    addReplyBulk(c, HASH_BUF, 11);
  }
}

// ---- GEORADIUS*, GEOSEARCH, GEOSEARCHSTORE ------------------------------------------------------

const SORT_NONE: i32 = 0;
const SORT_ASC: i32 = 1;
const SORT_DESC: i32 = 2;

const RADIUS_COORDS: i32 = 1;
const RADIUS_MEMBER: i32 = 2;
const RADIUS_NOSTORE: i32 = 4;
const GEOSEARCH: i32 = 8;
const GEOSEARCHSTORE: i32 = 16;

/** Redis: georadiusGeneric (every search command). */
function georadiusGeneric(c: Client, srcKeyIndex: i32, flags: i32): void {
  let storeIdx = -1; // argv index of the destination key
  let storedist = false;
  const e = lookupKeyRead(c.db, argPtr(c, srcKeyIndex), argLen(c, srcKeyIndex));
  if (checkType(c, e, OBJ_ZSET)) return;

  shapeType = 0;
  shapeLon = 0;
  shapeLat = 0;
  shapeConversion = 0;
  shapeRadius = 0;
  shapeWidth = 0;
  shapeHeight = 0;
  let baseArgs: i32;
  if ((flags & RADIUS_COORDS) != 0) {
    baseArgs = 6;
    shapeType = CIRCULAR_TYPE;
    if (!extractLongLatOrReply(c, 2)) return;
    shapeLon = argLon;
    shapeLat = argLat;
    if (!extractDistanceOrReply(c, baseArgs - 2)) return;
  } else if ((flags & RADIUS_MEMBER) != 0 && e == 0) {
    baseArgs = 5;
  } else if ((flags & RADIUS_MEMBER) != 0) {
    baseArgs = 5;
    shapeType = CIRCULAR_TYPE;
    if (!longLatFromMember(c, e, 2)) {
      addReplyError(c, ERR_GEO_MEMBER);
      return;
    }
    if (!extractDistanceOrReply(c, baseArgs - 2)) return;
  } else {
    baseArgs = 2;
    if ((flags & GEOSEARCHSTORE) != 0) {
      baseArgs = 3;
      storeIdx = 1;
    }
  }

  let withdist = false, withhash = false, withcoords = false;
  let frommember = false, fromloc = false, byradius = false, bybox = false;
  let sort = SORT_NONE;
  let any = false;
  let count: i64 = 0;
  const remaining = c.argc - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const a = baseArgs + i;
    if (argIs(c, a, "withdist")) withdist = true;
    else if (argIs(c, a, "withhash")) withhash = true;
    else if (argIs(c, a, "withcoord")) withcoords = true;
    else if (argIs(c, a, "any")) any = true;
    else if (argIs(c, a, "asc")) sort = SORT_ASC;
    else if (argIs(c, a, "desc")) sort = SORT_DESC;
    else if (argIs(c, a, "count") && i + 1 < remaining) {
      if (!string2ll(argPtr(c, a + 1), <i32>argLen(c, a + 1))) {
        addReplyError(c, ERR_NOT_INTEGER);
        return;
      }
      count = parsedLL;
      if (count <= 0) {
        addReplyError(c, ERR_GEO_COUNT);
        return;
      }
      i++;
    } else if (argIs(c, a, "store") && i + 1 < remaining && (flags & RADIUS_NOSTORE) == 0 && (flags & GEOSEARCH) == 0) {
      storeIdx = a + 1;
      storedist = false;
      i++;
    } else if (argIs(c, a, "storedist") && i + 1 < remaining && (flags & RADIUS_NOSTORE) == 0 &&
               (flags & GEOSEARCH) == 0) {
      storeIdx = a + 1;
      storedist = true;
      i++;
    } else if (argIs(c, a, "storedist") && (flags & GEOSEARCH) != 0 && (flags & GEOSEARCHSTORE) != 0) {
      storedist = true;
    } else if (argIs(c, a, "frommember") && i + 1 < remaining && (flags & GEOSEARCH) != 0 && !fromloc) {
      if (e == 0) {
        frommember = true;
        i++;
        continue;
      }
      if (!longLatFromMember(c, e, a + 1)) {
        addReplyError(c, ERR_GEO_MEMBER);
        return;
      }
      frommember = true;
      i++;
    } else if (argIs(c, a, "fromlonlat") && i + 2 < remaining && (flags & GEOSEARCH) != 0 && !frommember) {
      if (!extractLongLatOrReply(c, a + 1)) return;
      shapeLon = argLon;
      shapeLat = argLat;
      fromloc = true;
      i += 2;
    } else if (argIs(c, a, "byradius") && i + 2 < remaining && (flags & GEOSEARCH) != 0 && !bybox) {
      if (!extractDistanceOrReply(c, a + 1)) return;
      shapeType = CIRCULAR_TYPE;
      byradius = true;
      i += 2;
    } else if (argIs(c, a, "bybox") && i + 3 < remaining && (flags & GEOSEARCH) != 0 && !byradius) {
      if (!extractBoxOrReply(c, a + 1)) return;
      shapeType = RECTANGLE_TYPE;
      bybox = true;
      i += 3;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }

  if (storeIdx >= 0 && (withdist || withhash || withcoords)) {
    errBegin(c);
    errStr(c, (flags & GEOSEARCHSTORE) != 0 ? "ERR GEOSEARCHSTORE" : "ERR STORE option in GEORADIUS");
    errStr(c, " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
    errEnd(c);
    return;
  }
  if ((flags & GEOSEARCH) != 0 && !(frommember || fromloc)) {
    errBegin(c);
    errStr(c, "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ");
    errBytes(c, argPtr(c, 0), cstrLen(argPtr(c, 0), argLen(c, 0)));
    errEnd(c);
    return;
  }
  if ((flags & GEOSEARCH) != 0 && !(byradius || bybox)) {
    errBegin(c);
    errStr(c, "ERR exactly one of BYRADIUS and BYBOX can be specified for ");
    errBytes(c, argPtr(c, 0), cstrLen(argPtr(c, 0), argLen(c, 0)));
    errEnd(c);
    return;
  }
  if (any && count == 0) {
    addReplyError(c, ERR_GEO_ANY);
    return;
  }

  if (e == 0) {
    if (storeIdx >= 0) {
      if (deleteKeyArg(c, storeIdx)) {
        addDirty(1);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, storeIdx), argLen(c, storeIdx), c.dbIndex);
      }
      addReplyProto(c, ":0\r\n");
    } else {
      addReplyProto(c, "*0\r\n");
    }
    return;
  }

  if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

  calculateAreasByShape();
  gaUsed = 0;
  arenaUsed = 0;
  membersOfAllNeighbors(e, any ? count : 0);

  if (gaUsed == 0 && storeIdx < 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  const resultLength = <i64>gaUsed;
  const returned = count == 0 || resultLength < count ? resultLength : count;

  // Order of the results: sorted indexes, or the scan order.
  if (sort != SORT_NONE && returned == resultLength) sortByDistance(sort == SORT_DESC);
  else {
    if (gaUsed > sortCap) {
      if (sortIdx != 0) zfree(sortIdx);
      sortCap = gaUsed;
      sortIdx = zmalloc(<usize>sortCap * 8);
    }
    for (let i = 0; i < gaUsed; i++) store<u32>(sortIdx + (<usize>i << 2), i);
    if (sort != SORT_NONE) {
      pqDesc = sort == SORT_DESC;
      pqsortRange(0, gaUsed, 0, <i32>returned - 1);
    }
  }

  if (storeIdx < 0) {
    let optionLength = 0;
    if (withdist) optionLength++;
    if (withcoords) optionLength++;
    if (withhash) optionLength++;
    addReplyArrayLen(c, returned);
    for (let r: i64 = 0; r < returned; r++) {
      const g = gp(<i32>load<u32>(sortIdx + (<usize>r << 2)));
      const dist = load<f64>(g, 16) / shapeConversion;
      if (optionLength != 0) addReplyArrayLen(c, optionLength + 1);
      addReplyBulk(c, arena + <usize>load<u32>(g, 32), load<u32>(g, 36));
      if (withdist) addReplyDoubleDistance(c, dist);
      if (withhash) addReplyLongLong(c, doubleToLL(load<f64>(g, 24)));
      if (withcoords) {
        addReplyArrayLen(c, 2);
        addReplyHumanLongDouble(c, load<f64>(g));
        addReplyHumanLongDouble(c, load<f64>(g, 8));
      }
    }
  } else {
    if (returned != 0) {
      const kp = argPtr(c, storeIdx);
      const kl = argLen(c, storeIdx);
      const g0 = gp(<i32>load<u32>(sortIdx));
      const res = zsetCreateEntry(kp, kl, load<u32>(g0, 36), false);
      for (let r: i64 = 0; r < returned; r++) {
        const g = gp(<i32>load<u32>(sortIdx + (<usize>r << 2)));
        const dist = load<f64>(g, 16) / shapeConversion;
        zsetAdd(res, storedist ? dist : load<f64>(g, 24), arena + <usize>load<u32>(g, 32), load<u32>(g, 36), 0);
      }
      storeEntry(c, storeIdx, res);
      notifyKeyspaceEvent(NOTIFY_ZSET, c.lastCmd == CMD_GEOSEARCHSTORE ? "geosearchstore" : "georadiusstore",
        argPtr(c, storeIdx), argLen(c, storeIdx), c.dbIndex);
      addDirty(<u64>returned);
    } else if (deleteKeyArg(c, storeIdx)) {
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, storeIdx), argLen(c, storeIdx), c.dbIndex);
    }
    addReplyLongLong(c, returned);
  }
}

/** Length of the C-string view of an argument (Redis formats argv[0] with %s). */
function cstrLen(p: usize, n: u32): u32 {
  let i: u32 = 0;
  while (i < n && load<u8>(p + i) != 0) i++;
  return i;
}

export function georadiusCommand(c: Client): void {
  georadiusGeneric(c, 1, RADIUS_COORDS);
}

export function georadiusbymemberCommand(c: Client): void {
  georadiusGeneric(c, 1, RADIUS_MEMBER);
}

export function georadiusroCommand(c: Client): void {
  georadiusGeneric(c, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}

export function georadiusbymemberroCommand(c: Client): void {
  georadiusGeneric(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}

export function geosearchCommand(c: Client): void {
  georadiusGeneric(c, 1, GEOSEARCH);
}

export function geosearchstoreCommand(c: Client): void {
  georadiusGeneric(c, 2, GEOSEARCH | GEOSEARCHSTORE);
}

// ---- partial sort (Redis: pqsort.c) ----------------------------------------------------------------
//
// With COUNT below the number of matches Redis sorts only the first COUNT positions with its
// pqsort (Bentley & McIlroy quicksort that skips partitions outside the wanted range). Ties are
// left in whatever order that algorithm leaves them, so we run the same algorithm over the
// index array to return the same members in the same order.

let pqDesc: bool = false;

/** sort_gp_asc / sort_gp_desc on the records behind index slots i and j. */
function pqCmp(i: i32, j: i32): i32 {
  const di = load<f64>(gp(<i32>load<u32>(sortIdx + (<usize>i << 2))), 16);
  const dj = load<f64>(gp(<i32>load<u32>(sortIdx + (<usize>j << 2))), 16);
  const r = di > dj ? 1 : di == dj ? 0 : -1;
  return pqDesc ? -r : r;
}

@inline function pqSwap(i: i32, j: i32): void {
  const pi = sortIdx + (<usize>i << 2);
  const pj = sortIdx + (<usize>j << 2);
  const t = load<u32>(pi);
  store<u32>(pi, load<u32>(pj));
  store<u32>(pj, t);
}

function pqVecswap(i: i32, j: i32, n: i32): void {
  for (let k = 0; k < n; k++) pqSwap(i + k, j + k);
}

function pqMed3(a: i32, b: i32, c: i32): i32 {
  return pqCmp(a, b) < 0
    ? (pqCmp(b, c) < 0 ? b : (pqCmp(a, c) < 0 ? c : a))
    : (pqCmp(b, c) > 0 ? b : (pqCmp(a, c) < 0 ? a : c));
}

/** Redis _pqsort over slots [a, a + n), sorting at least slots lrange..rrange. */
function pqsortRange(a: i32, n: i32, lrange: i32, rrange: i32): void {
  while (true) {
    if (n < 7) {
      for (let pm = a + 1; pm < a + n; pm++) {
        for (let pl = pm; pl > a && pqCmp(pl - 1, pl) > 0; pl--) pqSwap(pl, pl - 1);
      }
      return;
    }
    let pm = a + (n >> 1);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = n >> 3;
        pl = pqMed3(pl, pl + d, pl + 2 * d);
        pm = pqMed3(pm - d, pm, pm + d);
        pn = pqMed3(pn - 2 * d, pn - d, pn);
      }
      pm = pqMed3(pl, pm, pn);
    }
    pqSwap(a, pm);
    let pa = a + 1, pb = a + 1;
    let pc = a + n - 1, pd = a + n - 1;
    while (true) {
      let r: i32;
      while (pb <= pc && (r = pqCmp(pb, a)) <= 0) {
        if (r == 0) {
          pqSwap(pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = pqCmp(pc, a)) >= 0) {
        if (r == 0) {
          pqSwap(pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      pqSwap(pb, pc);
      pb++;
      pc--;
    }
    const pn = a + n;
    let r = min(pa - a, pb - pa);
    if (r > 0) pqVecswap(a, pb - r, r);
    r = min(pd - pc, pn - pd - 1);
    if (r > 0) pqVecswap(pb, pn - r, r);
    r = pb - pa;
    if (r > 1) {
      // Recurse unless the wanted range lies wholly on one side of [a, a + r).
      if (!((lrange < a && rrange < a) || (lrange >= a + r && rrange >= a + r))) pqsortRange(a, r, lrange, rrange);
    }
    r = pd - pc;
    if (r <= 1) return;
    a = pn - r;
    n = r;
    if ((lrange < a && rrange < a) || (lrange >= a + n && rrange >= a + n)) return;
  }
}
