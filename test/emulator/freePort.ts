import { createServer } from "node:net";

/** Asks the kernel for a free 127.0.0.1 port (or checks that `wanted` is free). @internal */
export function freePort(wanted = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(wanted, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
