import { createHash, createHmac } from "node:crypto";

/** Inputs of a TC3-HMAC-SHA256 signature (API 3.0). */
export interface SignTc3Input {
  secretId: string;
  secretKey: string;
  /** Host as sent in the Host header. */
  host: string;
  /** Service name of the credential scope, e.g. `redis`; see {@link serviceFromHost}. */
  service: string;
  action: string;
  version: string;
  region: string;
  /** JSON body exactly as sent. */
  payload: string;
  /** Unix seconds; passed in so signatures are reproducible. */
  timestamp: number;
  /** Session token of temporary keys. */
  token?: string;
}

/** Content type the TC3 requests are sent and signed with. */
export const TC3_CONTENT_TYPE = "application/json";

const sha256hex = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: Buffer | string, s: string): Buffer => createHmac("sha256", key).update(s, "utf8").digest();

/**
 * The service of a Tencent Cloud host: `redis` for `redis.tencentcloudapi.com` (and regional variants). Undefined
 * for other hosts (an emulator on 127.0.0.1), where the caller names the product's service.
 * @param host - host, optionally with port
 */
export function serviceFromHost(host: string): string | undefined {
  const name = host.replace(/:\d+$/, "");
  if (!name.endsWith(".tencentcloudapi.com")) return undefined;
  return name.split(".")[0];
}

/**
 * Headers of a signed API 3.0 POST: Authorization, Content-Type, Host and X-TC-*. Pure.
 * @param input - credentials, host, service, action, version, region, payload, timestamp, token
 */
export function signTc3(input: SignTc3Input): Record<string, string> {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = [
    "POST",
    "/",
    "",
    `content-type:${TC3_CONTENT_TYPE}\nhost:${input.host}\n`,
    "content-type;host",
    sha256hex(input.payload),
  ].join("\n");
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(input.timestamp), scope, sha256hex(canonicalRequest)].join("\n");
  const kDate = hmac(`TC3${input.secretKey}`, date);
  const kService = hmac(kDate, input.service);
  const kSigning = hmac(kService, "tc3_request");
  const signature = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
  const headers: Record<string, string> = {
    Authorization: `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
    "Content-Type": TC3_CONTENT_TYPE,
    Host: input.host,
    "X-TC-Action": input.action,
    "X-TC-Version": input.version,
    "X-TC-Timestamp": String(input.timestamp),
    "X-TC-Region": input.region,
  };
  if (input.token !== undefined) headers["X-TC-Token"] = input.token;
  return headers;
}
