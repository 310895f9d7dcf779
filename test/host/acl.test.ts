// acl.test.ts — the ACL parts the differential script cannot reach: the aclfile (ACL LOAD /
// ACL SAVE through an in-memory file, startup loading and its errors), `user` lines of the
// config file, requirepass as the default user's password, ACL LOG entries field by field,
// CLIENT LIST user= / CLIENT KILL USER, clients dropped by ACL DELUSER and ACL LOAD, rule
// changes reaching connected clients, CONFIG REWRITE's user lines.

import { describe, expect, test } from "vitest";
import { RespiteCore } from "../../host/core/server.js";
import { installHostCommands } from "../../host/core/commands.js";
import { engineModule } from "../../host/node/load.js";
import { encodeCommand, RespDecoder, type Reply } from "../../host/core/resp.js";
import { ServerConfig } from "../../host/core/config.js";
import { loadAclAtStartup, setAclFileIO, type AclFileIO } from "../../host/core/cmd/acl.js";
import type { Session } from "../../host/core/session.js";

class MemFiles implements AclFileIO {
  files = new Map<string, string>();
  read(path: string): string {
    const t = this.files.get(path);
    if (t === undefined) throw new Error("No such file or directory");
    return t;
  }
  write(path: string, content: string): void {
    this.files.set(path, content);
  }
}

async function server(configText = "", files?: MemFiles): Promise<RespiteCore> {
  const config = new ServerConfig();
  if (configText) config.loadFromString(configText);
  const core = await RespiteCore.create(engineModule(), { config });
  if (files) setAclFileIO(core, files);
  installHostCommands(core);
  return core;
}

class Client {
  readonly s: Session;
  private dec = new RespDecoder();
  constructor(core: RespiteCore) {
    this.s = core.openSession({ addr: "127.0.0.1:5000", laddr: "127.0.0.1:6379", fd: 8, kind: "embedded" });
  }
  cmd(...args: string[]): Reply {
    this.dec.push(this.s.feed(encodeCommand(args)));
    const r = this.dec.next();
    return r instanceof Error ? `ERR:${r.message}` : r;
  }
}

describe("aclfile", () => {
  test("ACL SAVE writes Redis's format; ACL LOAD reads it back", async () => {
    const files = new MemFiles();
    const core = await server("aclfile /acl/users.acl\n", files);
    files.files.set("/acl/users.acl", "");
    const c = new Client(core);
    expect(c.cmd("ACL", "SETUSER", "alice", "on", ">pw", "~a*", "&ch", "-@all", "+get", "(+set ~s*)")).toBe("OK");
    expect(c.cmd("ACL", "SAVE")).toBe("OK");
    expect(files.files.get("/acl/users.acl")).toBe(
      "user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* resetchannels &ch -@all +get (~s* resetchannels -@all +set)\n" +
      "user default on nopass ~* &* +@all\n");
    expect(c.cmd("ACL", "DELUSER", "alice")).toBe(1);
    expect(c.cmd("ACL", "LOAD")).toBe("OK");
    expect(c.cmd("ACL", "USERS")).toEqual(["alice", "default"]);
    expect(c.cmd("AUTH", "alice", "pw")).toBe("OK");
    expect(c.cmd("GET", "a1")).toBe(null);
    expect(c.cmd("GET", "b1")).toBe("ERR:NOPERM this user has no permissions to access one of the keys used as arguments");
  });

  test("a broken file changes nothing and reports every line", async () => {
    const files = new MemFiles();
    const core = await server("aclfile /f.acl\n", files);
    const c = new Client(core);
    files.files.set("/f.acl", "user a on +nosuch\nfoo\nuser b bogus\n");
    expect(c.cmd("ACL", "LOAD")).toBe("ERR:ERR /f.acl:1: Error in applying operation '+nosuch': Unknown command or category name in ACL. " +
      "/f.acl:2 should start with user keyword followed by the username. /f.acl:3: Syntax error. " +
      "WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
    expect(c.cmd("ACL", "USERS")).toEqual(["default"]);
    files.files.delete("/f.acl");
    expect(c.cmd("ACL", "LOAD")).toBe("ERR:ERR Error loading ACLs, opening file '/f.acl': No such file or directory");
  });

  test("ACL LOAD drops the clients of the users it replaces; the default user is kept", async () => {
    const files = new MemFiles();
    const core = await server("aclfile /f.acl\n", files);
    const admin = new Client(core);
    const u = new Client(core);
    admin.cmd("ACL", "SETUSER", "u", "on", "nopass", "+@all", "~*");
    expect(u.cmd("AUTH", "u", "x")).toBe("OK");
    files.files.set("/f.acl", "user u on nopass +@all ~*\nuser default on nopass +@all ~* &* -flushall\n");
    expect(admin.cmd("ACL", "LOAD")).toBe("OK");
    expect(u.s.closed || u.s.closing).toBe(true);
    expect(admin.s.closed).toBe(false);
    expect(admin.cmd("FLUSHALL")).toBe("ERR:NOPERM this user has no permissions to run the 'flushall' command");
  });

  test("startup: the aclfile is loaded; errors abort; users in both places are refused", async () => {
    const files = new MemFiles();
    files.files.set("/f.acl", "user x on nopass +ping\n");
    const core = await server("aclfile /f.acl\n", files);
    expect(loadAclAtStartup(core)).toBe(null);
    expect(new Client(core).cmd("ACL", "USERS")).toEqual(["default", "x"]);
    files.files.set("/f.acl", "user x on nopass +nosuch\n");
    const bad = await server("aclfile /f.acl\n", files);
    expect(loadAclAtStartup(bad)).toEqual(["Aborting Redis startup because of ACL errors: /f.acl:1: Error in applying operation '+nosuch': Unknown command or category name in ACL. WARNING: ACL errors detected, no change to the previously active ACL rules was performed"]);
    const both = await server("aclfile /f.acl\nuser y on\n", files);
    expect(loadAclAtStartup(both)![0]).toMatch(/^Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid/);
  });
});

describe("aclfile edge cases", () => {
  test("ACL SAVE reports a write failure; CONFIG REWRITE drops user lines when an aclfile is set", async () => {
    const files = new MemFiles();
    files.write = () => { throw new Error("Permission denied"); };
    const config = new ServerConfig();
    config.loadFromString("aclfile /ro/users.acl\n");
    const core = await RespiteCore.create(engineModule(), { config });
    setAclFileIO(core, files);
    installHostCommands(core);
    const c = new Client(core);
    expect(c.cmd("ACL", "SAVE")).toBe("ERR:ERR There was an error trying to save the ACLs. Please check the server logs for more information");
    expect(config.rewrite("port 6379\nuser old on\n")).not.toContain("user ");
  });
});

describe("config file users and requirepass", () => {
  test("user lines create users; a user default line overrides requirepass", async () => {
    const core = await server("requirepass foo\nuser alice on >pw ~a* +get\nuser bob off (+set ~s*)\n");
    expect(loadAclAtStartup(core)).toBe(null);
    const c = new Client(core);
    expect(c.cmd("PING")).toBe("ERR:NOAUTH Authentication required.");
    expect(c.cmd("AUTH", "foo")).toBe("OK");
    expect(c.cmd("ACL", "LIST")).toEqual([
      "user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* resetchannels -@all +get",
      "user bob off resetchannels -@all (~s* resetchannels -@all +set)",
      "user default on #2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae ~* &* +@all",
    ]);
    const core2 = await server("requirepass foo\nuser default on nopass ~* +@all\n");
    expect(new Client(core2).cmd("ACL", "LIST")).toEqual(["user default on nopass sanitize-payload ~* resetchannels +@all"]);
  });

  test("invalid user lines are config errors, as Redis reports them", () => {
    const err = (text: string) => {
      try {
        new ServerConfig().loadFromString(text);
        return null;
      } catch (e) {
        return (e as Error & { reason?: string }).reason ?? (e as Error).message;
      }
    };
    expect(err("user alice on bogus\n")).toContain("Error in user declaration 'alice': Syntax error");
    expect(err("user alice on\nuser alice off\n")).toContain("Error in user declaration 'alice': Duplicate user found. A user can only be defined once in config files");
    expect(err("user alice ~a allkeys ~b\n")).toContain("Error in user declaration '~a': Adding a pattern after the * pattern");
    expect(err("user alice on +nosuch\n")).toBe(null); // unknown commands are only found when loading
  });

  test("a bad rule in a user line stops the start", async () => {
    const core = await server("user alice on +nosuch\n");
    expect(loadAclAtStartup(core)).toEqual([
      "Error loading ACL rule '+nosuch' for the user named 'alice': Unknown command or category name in ACL",
      "Critical error while loading ACLs. Exiting.",
    ]);
  });

  test("CONFIG SET requirepass is the default user's password; connected clients stay in", async () => {
    const core = await server();
    const a = new Client(core);
    expect(a.cmd("CONFIG", "SET", "requirepass", "pw")).toBe("OK");
    expect(a.cmd("PING")).toBe("PONG");
    expect(a.cmd("ACL", "GETUSER", "default")).toContainEqual(["30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"]);
    const b = new Client(core);
    expect(b.cmd("PING")).toBe("ERR:NOAUTH Authentication required.");
    expect(b.cmd("AUTH", "default", "pw")).toBe("OK");
    expect(a.cmd("CONFIG", "SET", "requirepass", "")).toBe("OK");
    expect(new Client(core).cmd("PING")).toBe("PONG");
  });

  test("CONFIG REWRITE writes every user", async () => {
    const config = new ServerConfig();
    const core = await RespiteCore.create(engineModule(), { config });
    installHostCommands(core);
    const c = new Client(core);
    c.cmd("ACL", "SETUSER", "zed", "on", "nopass", "+ping");
    const text = config.rewrite("port 6379\nuser old on\n");
    // The first user line is rewritten in place, the others go to the end (Redis's rewriteConfigRewriteLine).
    expect(text).toMatch(/^port 6379\nuser default on nopass ~\* &\* \+@all\n[^]*\nuser zed on nopass resetchannels -@all \+ping\n/);
    expect(text).not.toContain("user old");
  });
});

describe("clients and users", () => {
  test("ACL LOG entries carry Redis 7.0's fields", async () => {
    const core = await server();
    const a = new Client(core);
    a.cmd("ACL", "SETUSER", "u", "on", ">pw", "~k*", "-@all", "+get");
    a.cmd("AUTH", "u", "bad");
    const u = new Client(core);
    u.cmd("AUTH", "u", "pw");
    u.cmd("GET", "x");
    u.cmd("GET", "x");
    u.cmd("SET", "k", "v");
    const log = a.cmd("ACL", "LOG") as Reply[][];
    expect(log.length).toBe(3);
    const entry = (i: number) => {
      const e = log[i];
      const m: Record<string, Reply> = {};
      for (let j = 0; j < e.length; j += 2) m[e[j] as string] = e[j + 1];
      return m;
    };
    expect(Object.keys(entry(0))).toEqual(["count", "reason", "context", "object", "username", "age-seconds", "client-info"]);
    expect(entry(0)).toMatchObject({ count: 1, reason: "command", context: "toplevel", object: "set", username: "u" });
    expect(entry(1)).toMatchObject({ count: 2, reason: "key", context: "toplevel", object: "x", username: "u" });
    expect(entry(2)).toMatchObject({ count: 1, reason: "auth", context: "toplevel", object: "AUTH", username: "u" });
    expect(entry(1)["client-info"]).toMatch(/ cmd=get user=u redir=-1 resp=2$/);
    expect(a.cmd("ACL", "LOG", "1")).toHaveLength(1);
    expect(a.cmd("ACL", "LOG", "RESET")).toBe("OK");
    expect(a.cmd("ACL", "LOG")).toEqual([]);
  });

  test("a script's redis.call runs with the caller's user and logs context lua", async () => {
    const core = await server();
    const a = new Client(core);
    a.cmd("ACL", "SETUSER", "s", "on", "nopass", "~a*", "+eval", "+get");
    const s = new Client(core);
    s.cmd("AUTH", "s", "x");
    const r = s.cmd("EVAL", "return redis.call('get','b')", "0");
    expect(String(r)).toMatch(/^ERR:ERR The user executing the script can't access at least one of the keys mentioned in the command arguments script: /);
    const e = (a.cmd("ACL", "LOG", "1") as Reply[][])[0];
    expect(e.slice(0, 10)).toEqual(["count", 1, "reason", "key", "context", "lua", "object", "b", "username", "s"]);
    expect(String(e[13])).toMatch(/ cmd=eval user=s /);
  });

  test("credentials are redacted in the slow log", async () => {
    const core = await server();
    const a = new Client(core);
    a.cmd("CONFIG", "SET", "slowlog-log-slower-than", "0");
    a.cmd("AUTH", "a", "b");
    a.cmd("HELLO", "2", "AUTH", "default", "x", "SETNAME", "n");
    a.cmd("ACL", "SETUSER", "q", "on", ">p");
    a.cmd("CONFIG", "SET", "requirepass", "pw", "maxmemory", "0");
    a.cmd("CONFIG", "SET", "requirepass", "");
    const entries = (a.cmd("SLOWLOG", "GET", "5") as Reply[][]).map((e) => e[3]);
    expect(entries).toEqual([
      ["CONFIG", "SET", "requirepass", "(redacted)"],
      ["CONFIG", "SET", "requirepass", "(redacted)", "maxmemory", "0"],
      ["ACL", "SETUSER", "(redacted)", "(redacted)", "(redacted)"],
      ["HELLO", "2", "AUTH", "(redacted)", "(redacted)", "SETNAME", "n"],
      ["AUTH", "(redacted)", "(redacted)"],
    ]);
  });

  test("CLIENT LIST user=, CLIENT KILL USER, DELUSER closes the user's clients", async () => {
    const core = await server();
    const a = new Client(core);
    a.cmd("ACL", "SETUSER", "u", "on", "nopass", "+@all", "~*");
    const u1 = new Client(core);
    const u2 = new Client(core);
    u1.cmd("AUTH", "u", "x");
    u2.cmd("AUTH", "u", "x");
    expect(String(u1.cmd("CLIENT", "INFO"))).toContain(" user=u ");
    expect(String(a.cmd("CLIENT", "INFO"))).toContain(" user=default ");
    expect(a.cmd("CLIENT", "KILL", "USER", "u")).toBe(2);
    expect(u1.s.closed && u2.s.closed).toBe(true);
    const u3 = new Client(core);
    u3.cmd("AUTH", "u", "x");
    expect(a.cmd("ACL", "DELUSER", "u")).toBe(1);
    expect(u3.s.closed).toBe(true);
    expect(a.cmd("CLIENT", "KILL", "USER", "u")).toBe("ERR:ERR No such user 'u'");
  });

  test("rule changes reach connected clients; RESET goes back to the default user", async () => {
    const core = await server();
    const a = new Client(core);
    const b = new Client(core);
    a.cmd("ACL", "SETUSER", "u", "on", "nopass", "+@all", "~*", "&*");
    expect(b.cmd("AUTH", "u", "x")).toBe("OK");
    expect(b.cmd("SET", "k", "v")).toBe("OK");
    a.cmd("ACL", "SETUSER", "u", "-set");
    expect(b.cmd("SET", "k", "v")).toBe("ERR:NOPERM this user has no permissions to run the 'set' command");
    a.cmd("ACL", "SETUSER", "u", "+set");
    expect(b.cmd("SET", "k", "v")).toBe("OK");
    a.cmd("ACL", "SETUSER", "u", "-set");
    expect(b.cmd("RESET")).toBe("RESET");
    expect(b.cmd("ACL", "WHOAMI")).toBe("default");
    expect(b.cmd("SET", "k", "v")).toBe("OK");
    // A restricted default user applies to new and reset connections.
    a.cmd("ACL", "SETUSER", "default", "-get");
    expect(new Client(core).cmd("GET", "k")).toBe("ERR:NOPERM this user has no permissions to run the 'get' command");
    expect(b.cmd("GET", "k")).toBe("ERR:NOPERM this user has no permissions to run the 'get' command");
  });
});
