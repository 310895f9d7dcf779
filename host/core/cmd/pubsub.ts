// pubsub.ts — the Pub/Sub commands (Redis: pubsub.c's command half): SUBSCRIBE UNSUBSCRIBE
// PSUBSCRIBE PUNSUBSCRIBE SSUBSCRIBE SUNSUBSCRIBE PUBLISH SPUBLISH and PUBSUB CHANNELS / NUMSUB /
// NUMPAT / SHARDCHANNELS / SHARDNUMSUB / HELP, plus the pub/sub fields of CLIENT LIST and INFO.
//
// PORTABLE: no node: imports. State and delivery live in ../pubsub.ts; this file is the
// replies. The engine has already done the generic checks (arity, auth, RESP2 subscribed
// mode); confirmations are one frame per argument, "*3" in RESP2 and a ">3" push in RESP3, with
// the count of the client's subscriptions after that step (channels + patterns for the
// classic commands, shard channels for the S* ones), as Redis's addReplyPubsub(Un)Subscribed.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { CLIENT_FLAG } from "../engine.js";
import { pubsubOf, SubKind } from "../pubsub.js";
import { bin, binBytes, stringmatch } from "../text.js";
import { clientFields } from "./client.js";
import { infoFields } from "./info.js";
import { onClientReset } from "./connection.js";

function confirm(ctx: HostCommandContext, what: string, name: string | null, count: number): void {
  const w = ctx.w;
  w.push(3).bulk(what);
  if (name === null) w.null();
  else w.bulk(binBytes(name));
  w.int(count);
}

function subscribeGeneric(ctx: HostCommandContext, kind: SubKind, what: string): void {
  const ps = pubsubOf(ctx.core);
  const s = ctx.session;
  if (kind === "shard" && (ctx.core.engine.x.clientFlags(s.c) & CLIENT_FLAG.denyBlocking)) {
    // Redis refuses SSUBSCRIBE from a client that must not block (inside EXEC, scripts).
    ctx.w.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    return;
  }
  for (let j = 1; j < ctx.args.length; j++) {
    const name = bin(ctx.args[j]);
    ps.subscribe(s, kind, name);
    confirm(ctx, what, name, kind === "shard" ? ps.shardCount(s) : ps.count(s));
  }
  ps.updateFlag(s);
}

function unsubscribeGeneric(ctx: HostCommandContext, kind: SubKind, what: string): void {
  const ps = pubsubOf(ctx.core);
  const s = ctx.session;
  const count = () => (kind === "shard" ? ps.shardCount(s) : ps.count(s));
  if (ctx.args.length === 1) {
    // Everything of this kind; with nothing to drop, one frame with a null name.
    const names = ps.names(s, kind);
    for (const name of names) {
      ps.unsubscribe(s, kind, name);
      confirm(ctx, what, name, count());
    }
    if (names.length === 0) confirm(ctx, what, null, count());
  } else {
    for (let j = 1; j < ctx.args.length; j++) {
      const name = bin(ctx.args[j]);
      ps.unsubscribe(s, kind, name);
      confirm(ctx, what, name, count());
    }
  }
  ps.updateFlag(s);
}

function publishCommand(ctx: HostCommandContext): void {
  const ps = pubsubOf(ctx.core);
  ps.drainNotifications(); // keyspace events of earlier commands go out first
  ps.publisher = ctx.session;
  try {
    ctx.w.int(ps.publish(ctx.args[1], ctx.args[2], ctx.name === "spublish"));
  } finally {
    ps.publisher = null;
  }
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]. */
function channelList(ctx: HostCommandContext, map: Map<string, Set<unknown>>): void {
  const { args, w } = ctx;
  if (args.length > 3) {
    subcommandSyntaxError(ctx);
    return;
  }
  const pat = args.length === 3 ? bin(args[2]) : null;
  const out: string[] = [];
  for (const name of map.keys()) if (pat === null || stringmatch(pat, name, false)) out.push(name);
  w.array(out.length);
  for (const n of out) w.bulk(binBytes(n));
}

/** PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: flat [name, count, ...]. */
function numsub(ctx: HostCommandContext, map: Map<string, Set<unknown>>): void {
  const { args, w } = ctx;
  w.array((args.length - 2) * 2);
  for (let j = 2; j < args.length; j++) {
    w.bulk(args[j]);
    w.int(map.get(bin(args[j]))?.size ?? 0);
  }
}

/** Redis addReplySubcommandSyntaxError. */
function subcommandSyntaxError(ctx: HostCommandContext): void {
  const sub = bin(ctx.args[1]).slice(0, 128);
  const cmd = bin(ctx.args[0]).toUpperCase();
  ctx.w.raw(binBytes(`-ERR unknown subcommand or wrong number of arguments for '${sub}'. Try ${cmd} HELP.\r\n`));
}

const PUBSUB_HELP = [
  "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
  "HELP",
  "    Prints this help.",
];

export function installPubsubCommands(core: RespiteCore): void {
  const ps = pubsubOf(core);
  const h = core.hostCommands;
  h.set("subscribe", (ctx) => subscribeGeneric(ctx, "channel", "subscribe"));
  h.set("psubscribe", (ctx) => subscribeGeneric(ctx, "pattern", "psubscribe"));
  h.set("ssubscribe", (ctx) => subscribeGeneric(ctx, "shard", "ssubscribe"));
  h.set("unsubscribe", (ctx) => unsubscribeGeneric(ctx, "channel", "unsubscribe"));
  h.set("punsubscribe", (ctx) => unsubscribeGeneric(ctx, "pattern", "punsubscribe"));
  h.set("sunsubscribe", (ctx) => unsubscribeGeneric(ctx, "shard", "sunsubscribe"));
  h.set("publish", publishCommand);
  h.set("spublish", publishCommand);
  h.set("pubsub|channels", (ctx) => channelList(ctx, ps.channels));
  h.set("pubsub|shardchannels", (ctx) => channelList(ctx, ps.shardChannels));
  h.set("pubsub|numsub", (ctx) => numsub(ctx, ps.channels));
  h.set("pubsub|shardnumsub", (ctx) => numsub(ctx, ps.shardChannels));
  h.set("pubsub|numpat", (ctx) => { ctx.w.int(ps.patterns.size); });
  h.set("pubsub|help", (ctx) => {
    ctx.w.array(PUBSUB_HELP.length);
    for (const l of PUBSUB_HELP) ctx.w.status(l);
  });
  onClientReset(core, (s) => ps.unsubscribeAll(s));
}

// CLIENT LIST / INFO fields and INFO stats (the providers look the core's PubSub up).
const subscribed = (core: RespiteCore, s: { c: number }) => (core.engine.x.clientFlags(s.c) & CLIENT_FLAG.pubsub) !== 0;
clientFields.set("flags", (core, s) => (subscribed(core, s) ? "P" : ""));
clientFields.set("type", (core, s) => (subscribed(core, s) ? 2 : 0));
clientFields.set("sub", (core, s) => pubsubOf(core).state(s)?.channels.size ?? 0);
clientFields.set("psub", (core, s) => pubsubOf(core).state(s)?.patterns.size ?? 0);
clientFields.set("ssub", (core, s) => pubsubOf(core).state(s)?.shard.size ?? 0);
infoFields.set("pubsub_channels", (core) => pubsubOf(core).channels.size);
infoFields.set("pubsub_patterns", (core) => pubsubOf(core).patterns.size);
infoFields.set("pubsubshard_channels", (core) => pubsubOf(core).shardChannels.size);
