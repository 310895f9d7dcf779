// tracking.test.ts — client-side caching cases the differential script (compat/scripts/
// tracking.txt) cannot compare byte for byte because the bytes hold client ids, or that need
// the host's view: the tracking-redir-broken push, CLIENT LIST flags t/R/B and redir=, INFO's
// tracking fields, tracking-table-max-keys, pipelines, RESET and disconnects.
// Expected bytes are redis-server 7.0.15's (checked against it by hand and in the goldens).

import { describe, test, expect } from "vitest";
import { createRespite, Respite, Connection } from "../../host/node/index.js";

const enc = new TextEncoder();
const dec = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** A raw connection: feed() returns the reply bytes; pushes that come later collect in `late`. */
class Raw {
  late = "";
  constructor(readonly conn: Connection) {
    conn.onData = (b) => (this.late += dec(b));
  }
  send(text: string): string {
    return dec(this.conn.feed(enc.encode(text)));
  }
  take(): string {
    const l = this.late;
    this.late = "";
    return l;
  }
  get id(): number {
    return this.conn.session.id;
  }
}

function inv(...keys: string[]): string {
  return `>2\r\n$10\r\ninvalidate\r\n*${keys.length}\r\n` + keys.map((k) => `$${k.length}\r\n${k}\r\n`).join("");
}

function info(db: Respite, field: string): string {
  const text = String(db.command("INFO", "everything"));
  const m = text.match(new RegExp(`${field}:(\\S+)`));
  return m ? m[1] : "";
}

describe("client-side caching (host view)", () => {
  test("a redirect client that went away: tracking-redir-broken, flag R, broken_redirect", async () => {
    const db = await createRespite({ cron: false });
    try {
      const r3 = new Raw(db.connect());
      const tmp = new Raw(db.connect());
      const w = new Raw(db.connect());
      r3.send("HELLO 3\r\n");
      expect(r3.send(`CLIENT TRACKING on redirect ${tmp.id}\r\n`)).toBe("+OK\r\n");
      expect(r3.send("CLIENT INFO\r\n")).toMatch(/ flags=t db=0 .* redir=\d+ resp=3/);
      expect(r3.send("CLIENT INFO\r\n")).toContain(` redir=${tmp.id} `);
      r3.send("GET k\r\n");
      tmp.conn.close();
      expect(w.send("SET k v\r\n")).toBe("+OK\r\n");
      await new Promise((r) => setTimeout(r, 0));
      expect(r3.take()).toBe(`>2\r\n$21\r\ntracking-redir-broken\r\n:${tmp.id}\r\n`);
      expect(r3.send("CLIENT TRACKINGINFO\r\n")).toBe(
        `%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$15\r\nbroken_redirect\r\n$8\r\nredirect\r\n:${tmp.id}\r\n$8\r\nprefixes\r\n*0\r\n`);
      expect(r3.send("CLIENT INFO\r\n")).toContain(" flags=tR ");
      expect(r3.send("CLIENT GETREDIR\r\n")).toBe(`:${tmp.id}\r\n`);
      // Re-enabling clears the broken flag (a new redirection is checked again).
      expect(r3.send(`CLIENT TRACKING on redirect ${tmp.id}\r\n`)).toMatch(/does not exist/);
      expect(r3.send("CLIENT TRACKING on\r\n")).toBe("+OK\r\n");
      expect(r3.send("CLIENT INFO\r\n")).toContain(" flags=t ");
      expect(r3.send("CLIENT INFO\r\n")).toContain(" redir=0 ");
      expect(r3.send("CLIENT TRACKING off\r\n")).toBe("+OK\r\n");
      expect(r3.send("CLIENT INFO\r\n")).toContain(" flags=N ");
      expect(r3.send("CLIENT INFO\r\n")).toContain(" redir=-1 ");
    } finally {
      db.close();
    }
  });

  test("RESP2 redirection to a Pub/Sub client; BCAST flag B", async () => {
    const db = await createRespite({ cron: false });
    try {
      const sub = new Raw(db.connect());
      const r2 = new Raw(db.connect());
      const w = new Raw(db.connect());
      sub.send("SUBSCRIBE other\r\n"); // any subscription puts it in Pub/Sub mode
      expect(r2.send(`CLIENT TRACKING on bcast prefix a redirect ${sub.id}\r\n`)).toBe("+OK\r\n");
      expect(r2.send("CLIENT INFO\r\n")).toContain(" flags=tB ");
      w.send("MSET a1 1 b1 2 a2 3\r\n");
      await new Promise((r) => setTimeout(r, 0));
      expect(sub.take()).toBe("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*2\r\n$2\r\na1\r\n$2\r\na2\r\n");
      expect(info(db, "tracking_clients")).toBe("1");
      expect(info(db, "tracking_total_prefixes")).toBe("1");
      r2.conn.close();
      expect(info(db, "tracking_clients")).toBe("0");
      expect(info(db, "tracking_total_prefixes")).toBe("0");
    } finally {
      db.close();
    }
  });

  test("INFO fields, RESET, pipelines, tracking-table-max-keys", async () => {
    const db = await createRespite({ cron: false });
    try {
      const r3 = new Raw(db.connect());
      const r3b = new Raw(db.connect());
      const w = new Raw(db.connect());
      r3.send("HELLO 3\r\n");
      r3b.send("HELLO 3\r\n");
      r3.send("CLIENT TRACKING on\r\n");
      r3b.send("CLIENT TRACKING on\r\n");
      r3.send("MGET a b c\r\n");
      r3b.send("GET a\r\n");
      expect(info(db, "tracking_clients")).toBe("2");
      expect(info(db, "tracking_total_keys")).toBe("3");
      expect(info(db, "tracking_total_items")).toBe("4");
      w.send("SET a 1\r\n");
      await new Promise((r) => setTimeout(r, 0));
      expect(r3.take()).toBe(inv("a"));
      expect(r3b.take()).toBe(inv("a"));
      expect(info(db, "tracking_total_keys")).toBe("2");
      expect(info(db, "tracking_total_items")).toBe("2");
      // Own writes in a pipeline: the invalidation right after the reply of the write, as Redis.
      expect(r3.send("GET p\r\nSET p 1\r\nGET p\r\nDEL p\r\nPING\r\n")).toBe(
        "_\r\n+OK\r\n" + inv("p") + "$1\r\n1\r\n:1\r\n" + inv("p") + "+PONG\r\n");
      // In a transaction, after EXEC's reply.
      expect(r3.send("GET t\r\nMULTI\r\nSET t 1\r\nGET t\r\nEXEC\r\nPING\r\n")).toBe(
        "_\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n" + inv("t") + "+PONG\r\n");
      // RESET turns tracking off.
      expect(r3b.send("RESET\r\n")).toBe("+RESET\r\n");
      expect(info(db, "tracking_clients")).toBe("1");
      // Over tracking-table-max-keys, keys are invalidated as if modified.
      db.command("CONFIG", "SET", "tracking-table-max-keys", "2");
      expect(r3.send("MGET k1 k2 k3 k4\r\n")).toBe("*4\r\n_\r\n_\r\n_\r\n_\r\n" + inv("b") + inv("c") + inv("t") + inv("k1") + inv("k2"));
      expect(info(db, "tracking_total_keys")).toBe("2");
      // A lower limit applies at the next cron tick, at most 100 keys per tick, more while over.
      db.command("CONFIG", "SET", "tracking-table-max-keys", "0");
      const keys = Array.from({ length: 400 }, (_, i) => `m${i}`);
      r3.send(`MGET ${keys.join(" ")}\r\n`);
      expect(info(db, "tracking_total_keys")).toBe("402");
      db.command("CONFIG", "SET", "tracking-table-max-keys", "50");
      db.core.cron();
      expect(info(db, "tracking_total_keys")).toBe("302");
      db.core.cron();
      expect(info(db, "tracking_total_keys")).toBe("102");
      db.core.cron();
      expect(info(db, "tracking_total_keys")).toBe("50");
      await new Promise((r) => setTimeout(r, 0));
      expect(r3.take()).toBe(inv("k3") + inv("k4") + keys.slice(0, 350).map((k) => inv(k)).join(""));
      db.command("CONFIG", "SET", "tracking-table-max-keys", "0");
      // FLUSHALL empties the table.
      w.send("FLUSHALL\r\n");
      await new Promise((r) => setTimeout(r, 0));
      expect(r3.take()).toBe(">2\r\n$10\r\ninvalidate\r\n_\r\n");
      expect(info(db, "tracking_total_keys")).toBe("0");
      expect(info(db, "tracking_total_items")).toBe("0");
    } finally {
      db.close();
    }
  });
});

describe("client-side caching over TCP with ioredis (RESP2 redirect mode)", () => {
  test("the invalidation channel gets the keys another client writes, over real sockets", async () => {
    const { startTestServer } = await import("../e2e/server.js");
    const { default: Redis } = await import("ioredis");
    const srv = await startTestServer();
    const sub = new Redis(srv.port, "127.0.0.1", { lazyConnect: true });
    const main = new Redis(srv.port, "127.0.0.1", { lazyConnect: true });
    const other = new Redis(srv.port, "127.0.0.1", { lazyConnect: true });
    try {
      await Promise.all([sub.connect(), main.connect(), other.connect()]);
      const subId = await sub.client("ID");
      const got: unknown[] = [];
      const arrived = new Promise<void>((res) => {
        sub.on("message", (ch: string, msg: unknown) => {
          got.push([ch, msg]);
          if (got.length === 2) res();
        });
      });
      await sub.subscribe("__redis__:invalidate");
      expect(await main.call("CLIENT", "TRACKING", "on", "REDIRECT", String(subId))).toBe("OK");
      expect(await main.get("cached")).toBe(null);
      await main.get("also");
      await other.set("cached", "1");
      await other.flushall();
      await arrived;
      // What ioredis makes of redis-server 7.0.15's messages too (the key array, the flush null).
      expect(got).toEqual([["__redis__:invalidate", "cached"], ["__redis__:invalidate", ""]]);
      const list = String(await other.client("LIST"));
      expect(list).toMatch(new RegExp(`flags=t db=0 .* redir=${subId} resp=2`));
    } finally {
      sub.disconnect();
      main.disconnect();
      other.disconnect();
      await srv.close();
    }
  });
});
