import * as net from "node:net";

/**
 * A tiny RESP client for assertions on the data in an instance's real redis-server (AUTH, GET, SET, DBSIZE).
 * Resolves each command's reply as a string (errors as `ERR...` strings), so a test can assert a refusal too.
 */
export async function redisCommands(port: number, host: string, commands: string[][]): Promise<string[]> {
  const sock = net.connect({ port, host });
  await new Promise<void>((resolve, reject) => {
    sock.once("connect", resolve);
    sock.once("error", reject);
  });
  let buf = "";
  const replies: string[] = [];
  const payload = commands
    .map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`)
    .join("");
  return new Promise<string[]>((resolve, reject) => {
    sock.on("error", reject);
    sock.on("data", (d: Buffer) => {
      buf += d.toString("utf8");
      for (;;) {
        const parsed = parseOne(buf);
        if (!parsed) break;
        replies.push(parsed.value);
        buf = buf.slice(parsed.used);
      }
      if (replies.length === commands.length) {
        sock.end();
        resolve(replies);
      }
    });
    sock.write(payload);
  });
}

function parseOne(s: string): { value: string; used: number } | undefined {
  const nl = s.indexOf("\r\n");
  if (nl < 0) return undefined;
  const head = s.slice(0, nl);
  const kind = head[0];
  if (kind === "+" || kind === "-" || kind === ":") return { value: head.slice(kind === "-" ? 1 : 1), used: nl + 2 };
  if (kind === "$") {
    const len = Number(head.slice(1));
    if (len < 0) return { value: "(nil)", used: nl + 2 };
    if (s.length < nl + 2 + len + 2) return undefined;
    return { value: s.slice(nl + 2, nl + 2 + len), used: nl + 2 + len + 2 };
  }
  return { value: head, used: nl + 2 };
}
