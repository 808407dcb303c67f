import * as pulumi from "@pulumi/pulumi";
import { CrsClient } from "../../api/client";
import { processClock } from "../../clock";
import { processScoped } from "../../processState";
import { describeOne } from "../../redis/reads/instanceReads";
import type { CallContext } from "../../runtime/context";
import { functionSettings } from "../../runtime/programContext";

type Address = { host: string; port: number } | undefined;

/**
 * The program process's preview reads (process state, see processState): one read per instance (its `host` and
 * `port` outputs both ask), and whether the line saying they could not be read was printed.
 */
const previewReads = (): { addresses: Map<string, Promise<Address>>; noted: boolean } =>
  processScoped("redis.previewReads", () => ({ addresses: new Map(), noted: false }));

/**
 * An instance's address read from the program's process, for a preview (see liveInPreview). Concurrent reads of
 * several instances share one DescribeRedis listing (the read coalescer). Undefined without credentials or when the
 * read fails: the preview then shows the address as unknown, with one line saying why.
 * @internal
 */
export function readAddress(id: string): Promise<Address> {
  const { addresses } = previewReads();
  let read = addresses.get(id);
  if (!read) {
    read = fetchAddress(id);
    addresses.set(id, read);
  }
  return read;
}

async function fetchAddress(id: string): Promise<Address> {
  let ctx: CallContext;
  try {
    const settings = functionSettings();
    ctx = {
      client: new CrsClient({ settings }),
      settings,
      waitDeadline: () => processClock().now() + 60_000,
      waitTimeoutSeconds: 60,
      log: () => {},
    };
  } catch {
    note("no credentials in this preview: instance addresses (host, port) of updated instances show as unknown");
    return undefined;
  }
  try {
    const r = await describeOne(ctx, id);
    if (r?.wanIp === undefined || r.port === undefined) return undefined;
    return { host: r.wanIp, port: r.port };
  } catch (err) {
    note(`could not read instance addresses for this preview (${(err as Error).message}); they show as unknown`);
    return undefined;
  }
}

/** One line per preview, however many instances it covers. */
function note(line: string): void {
  const reads = previewReads();
  if (reads.noted) return;
  reads.noted = true;
  void pulumi.log.info(`[tencentcloud-redis] ${line}`);
}
