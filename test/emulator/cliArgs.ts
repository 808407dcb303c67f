import { resolve } from "node:path";
import type { EmulatorOptions } from "./index";

/** Defaults of the command line (printed at start). @internal */
export const CLI_DEFAULTS = {
  port: 8866,
  dataDir: "./.work/emulator",
  secretId: "AKIDemulator",
  secretKey: "emulator-secret-key",
  dealDelayMs: 3000,
  taskDelayMs: 1000,
};

/** Parses `--port P --data-dir DIR ... [--sqlserver-instance ID:DB1,DB2 ...] [--rate-limit N]`. @internal */
export function parseCliArgs(argv: string[]): EmulatorOptions {
  const o: EmulatorOptions & { port: number } = { ...CLI_DEFAULTS, sqlserverInstances: [] };
  const num = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    const [name, inline] = flag.includes("=")
      ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)]
      : [flag, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case "--port":
        o.port = num(name, value());
        break;
      case "--data-dir":
        o.dataDir = value() ?? o.dataDir;
        break;
      case "--secret-id":
        o.secretId = value() ?? o.secretId;
        break;
      case "--secret-key":
        o.secretKey = value() ?? o.secretKey;
        break;
      case "--deal-delay-ms":
        o.dealDelayMs = num(name, value());
        break;
      case "--task-delay-ms":
        o.taskDelayMs = num(name, value());
        break;
      case "--rate-limit":
        o.rateLimit = num(name, value());
        break;
      case "--sqlserver-instance": {
        const v = value() ?? "";
        const [id, dbs = ""] = v.split(":");
        if (!id) throw new Error("--sqlserver-instance needs ID:DB1,DB2");
        o.sqlserverInstances?.push({ id, dbNames: dbs.split(",").filter((x) => x !== "") });
        break;
      }
      case "--quiet":
        o.quiet = true;
        break;
      case "--help":
        throw new Error("usage");
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  o.dataDir = resolve(o.dataDir);
  return o;
}
