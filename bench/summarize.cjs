#!/usr/bin/env node
'use strict';
// summarize.cjs RUNS.tsv [REFERENCE] — tables (markdown) from bench.sh's runs.tsv.
// Medians over rounds; ratio = median over rounds of the paired per-round ratio
// target/reference; geomean of those over tests.
const fs = require('node:fs');
const argv = process.argv.slice(2);
const COMPACT = argv.includes('--compact'); // one table per P: rps, ratio, p50/p99, server CPU
const [file, refArg] = argv.filter((a) => a !== '--compact');
if (!file) { console.error('usage: summarize.cjs runs.tsv [reference] [--compact]'); process.exit(2); }
const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
const head = lines[0].split('\t');
const rows = lines.slice(1).map((l) => {
  const v = l.split('\t'); const o = {};
  head.forEach((h, i) => { o[h] = ['phase', 'test', 'target'].includes(h) ? v[i] : Number(v[i]); });
  return o;
}).filter((r) => r.phase === 'run');
if (!rows.length) { console.error('no measured rows'); process.exit(1); }

const uniq = (a) => [...new Set(a)];
const targets = uniq(rows.map((r) => r.target));
const ref = refArg || targets[0];
const others = targets.filter((t) => t !== ref);
const order = [ref, ...others];
const Ps = uniq(rows.map((r) => r.P)).sort((a, b) => a - b);
const tests = uniq(rows.map((r) => r.test));
const median = (a) => { if (!a.length) return NaN; const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const geomean = (a) => { const b = a.filter((x) => x > 0 && Number.isFinite(x)); return b.length ? Math.exp(b.reduce((s, x) => s + Math.log(x), 0) / b.length) : NaN; };
const sel = (P, test, target) => rows.filter((r) => r.P === P && r.test === test && r.target === target);
const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'n/a');
const srvUs = (r) => ((r.srv_user_s + r.srv_sys_s) * 1e6) / r.n;
function pairedRatio(P, test, t, field = 'rps', fn = (r) => r[field]) {
  const a = sel(P, test, t), b = sel(P, test, ref);
  const rs = [];
  for (const x of a) { const y = b.find((q) => q.round === x.round); if (y && fn(y) > 0) rs.push(fn(x) / fn(y)); }
  return median(rs);
}
if (COMPACT) {
  const o = [];
  for (const P of Ps) {
    o.push(`#### P=${P}`, '');
    o.push(`| test | ${order.map((t) => `${t} rps`).join(' | ')}${others.map((t) => ` | ${t}/${ref}`).join('')} | ${order.map((t) => `${t} p50 / p99 ms`).join(' | ')} | ${order.map((t) => `${t} srv µs/req`).join(' | ')} |`);
    o.push(`|---|${order.map(() => '---:').join('|')}${others.map(() => '|---:').join('')}|${order.map(() => '---:').join('|')}|${order.map(() => '---:').join('|')}|`);
    for (const test of tests) {
      const rps = order.map((t) => f0(median(sel(P, test, t).map((r) => r.rps))));
      const rat = others.map((t) => f2(pairedRatio(P, test, t)));
      const lat = order.map((t) => { const x = sel(P, test, t); return `${f3(median(x.map((r) => r.p50_ms)))} / ${f3(median(x.map((r) => r.p99_ms)))}`; });
      const cpu = order.map((t) => f2(median(sel(P, test, t).map(srvUs))));
      o.push(`| ${test} | ${rps.join(' | ')}${rat.map((x) => ` | ${x}`).join('')} | ${lat.join(' | ')} | ${cpu.join(' | ')} |`);
    }
    if (others.length) o.push(`| **geomean** | ${order.map(() => '').join(' | ')}${others.map((t) => ` | **${f2(geomean(tests.map((test) => pairedRatio(P, test, t))))}**`).join('')} | ${order.map(() => '').join(' | ')} | ${order.map(() => '').join(' | ')} |`);
    o.push('');
  }
  for (const t of others) o.push(`    perf: ${t} geomean ratio vs ${ref} = ${Ps.map((P) => `${f2(geomean(tests.map((test) => pairedRatio(P, test, t))))} (P=${P})`).join(', ')}`);
  console.log(o.join('\n'));
  process.exit(0);
}
const out = [];
const rounds = uniq(rows.map((r) => r.round)).length;
out.push(`Reference: **${ref}**; medians over ${rounds} round(s); ratio = median of per-round paired ratios target/${ref}.`);
out.push('');
const summary = {};
for (const P of Ps) {
  out.push(`### P=${P} — requests/s`);
  out.push('');
  out.push(`| test | ${order.map((t) => `${t} rps`).join(' | ')}${others.map((t) => ` | ${t}/${ref}`).join('')} |`);
  out.push(`|---|${order.map(() => '---:').join('|')}${others.map(() => '|---:').join('')}|`);
  for (const test of tests) {
    const cells = order.map((t) => f0(median(sel(P, test, t).map((r) => r.rps))));
    const ratios = others.map((t) => f2(pairedRatio(P, test, t)));
    out.push(`| ${test} | ${cells.join(' | ')}${ratios.map((x) => ` | ${x}`).join('')} |`);
  }
  for (const t of others) {
    const g = geomean(tests.map((test) => pairedRatio(P, test, t)));
    const gc = geomean(tests.map((test) => pairedRatio(P, test, t, null, srvUs)));
    (summary[t] ||= {})[P] = { g, gc };
  }
  if (others.length) out.push(`| **geomean** | ${order.map(() => '').join(' | ')}${others.map((t) => ` | **${f2(summary[t][P].g)}**`).join('')} |`);
  out.push('');
  out.push(`### P=${P} — latency p50 / p99 (ms, redis-benchmark --csv)`);
  out.push('');
  out.push(`| test | ${order.map((t) => `${t} p50 | ${t} p99`).join(' | ')} |`);
  out.push(`|---|${order.map(() => '---:|---:').join('|')}|`);
  for (const test of tests) {
    out.push(`| ${test} | ${order.map((t) => { const s = sel(P, test, t); return `${f3(median(s.map((r) => r.p50_ms)))} | ${f3(median(s.map((r) => r.p99_ms)))}`; }).join(' | ')} |`);
  }
  out.push('');
  out.push(`### P=${P} — CPU: server µs/request (user+sys), server syscalls/request (read+write), client (redis-benchmark) CPU use (of one core); machine softirq and other load (cores; other = machine busy incl. softirq - client - server = what else ran)`);
  out.push('');
  out.push(`| test | ${order.map((t) => `${t} srv µs/req | ${t} srv usr% | ${t} sysc/req | ${t} client cpu | ${t} softirq | ${t} other`).join(' | ')} |`);
  out.push(`|---|${order.map(() => '---:|---:|---:|---:|---:|---:').join('|')}|`);
  for (const test of tests) {
    out.push(`| ${test} | ${order.map((t) => {
      const s = sel(P, test, t);
      const us = median(s.map(srvUs));
      const usr = median(s.map((r) => r.srv_user_s / Math.max(1e-9, r.srv_user_s + r.srv_sys_s)));
      const sc = median(s.map((r) => (r.srv_syscr + r.srv_syscw) / r.n));
      const cli = median(s.map((r) => (r.cli_user_s + r.cli_sys_s) / r.wall_s));
      // softirq work done in a process's context is charged to that process too, so it is part of busy here
      const oth = median(s.map((r) => (r.mach_busy_s + r.mach_softirq_s - r.cli_user_s - r.cli_sys_s - r.srv_user_s - r.srv_sys_s) / r.wall_s));
      const si = median(s.map((r) => r.mach_softirq_s / r.wall_s));
      return `${f2(us)} | ${pct(usr)} | ${f2(sc)} | ${pct(cli)} | ${f2(si)} | ${f2(Math.max(0, oth))}`;
    }).join(' | ')} |`);
  }
  out.push('');
}
for (const t of others) {
  out.push('```');
  out.push(`perf: ${t} geomean ratio vs ${ref} = ${Ps.map((P) => `${f2(summary[t][P].g)} (P=${P})`).join(', ')}`);
  out.push(`cpu:  ${t} geomean server-CPU-per-request ratio vs ${ref} = ${Ps.map((P) => `${f2(summary[t][P].gc)} (P=${P})`).join(', ')}  (>1 = ${t} burns more CPU per request)`);
  out.push('```');
}
console.log(out.join('\n'));
