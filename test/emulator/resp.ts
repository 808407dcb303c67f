import { connect } from "node:net";

/** A decoded RESP reply. @internal */
export type RespValue = string | number | null | RespValue[];

/** A `-ERR ...` reply from redis. @internal */
export class RespError extends Error {
  override name = "RespError";
}

/**
 * Sends commands over one connection to 127.0.0.1:port (AUTH first when a password is given) and resolves with the
 * reply of the last one. A tiny client is enough: the emulator only needs AUTH, SAVE, CONFIG SET, FLUSHALL, INFO.
 * @internal
 */
export function redisCommands(
  port: number,
  password: string | null,
  commands: string[][],
  timeoutMs = 5000,
): Promise<RespValue> {
  const all = password === null ? commands : [["AUTH", password], ...commands];
  return new Promise((resolve, reject) => {
    const sock = connect({ host: "127.0.0.1", port });
    let buf = Buffer.alloc(0);
    const replies: RespValue[] = [];
    const timer = setTimeout(() => fail(new Error("redis command timed out")), timeoutMs);
    function fail(e: Error): void {
      clearTimeout(timer);
      sock.destroy();
      reject(e);
    }
    sock.on("connect", () => sock.write(all.map(encode).join("")));
    sock.on("error", fail);
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const r = parse(buf, 0);
        if (r === undefined) return;
        buf = buf.subarray(r.next);
        if (r.value instanceof RespError) return fail(r.value);
        replies.push(r.value);
        if (replies.length === all.length) {
          clearTimeout(timer);
          sock.end();
          resolve(replies[replies.length - 1] ?? null);
          return;
        }
      }
    });
  });
}

function encode(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

type Parsed = { value: RespValue | RespError; next: number } | undefined;

function parse(b: Buffer, at: number): Parsed {
  const eol = b.indexOf("\r\n", at);
  if (eol < 0) return undefined;
  const line = b.toString("utf8", at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(b[at] ?? 0)) {
    case "+":
      return { value: line, next };
    case "-":
      return { value: new RespError(line), next };
    case ":":
      return { value: Number(line), next };
    case "$": {
      const n = Number(line);
      if (n < 0) return { value: null, next };
      if (b.length < next + n + 2) return undefined;
      return { value: b.toString("utf8", next, next + n), next: next + n + 2 };
    }
    case "*": {
      const n = Number(line);
      if (n < 0) return { value: null, next };
      const items: RespValue[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const r = parse(b, pos);
        if (r === undefined) return undefined;
        if (r.value instanceof RespError) return r;
        items.push(r.value);
        pos = r.next;
      }
      return { value: items, next: pos };
    }
    default:
      return { value: new RespError(`bad reply byte ${b[at]}`), next: b.length };
  }
}
