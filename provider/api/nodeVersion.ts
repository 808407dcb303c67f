import { ConfigError } from "../errors";

/** The oldest Node the package runs on (package.json `engines`): undici 7, which the API client uses, needs it. */
export const MIN_NODE_MAJOR = 22;

/**
 * Refuses an older Node with a message that says so (see requireNode.ts, which runs it before undici loads).
 * @param version - `process.versions.node` by default
 * @throws ConfigError naming the version found and the one needed
 * @internal
 */
export function assertNodeVersion(version: string = process.versions.node): void {
  const major = Number(version.split(".")[0]);
  if (Number.isFinite(major) && major < MIN_NODE_MAJOR) {
    throw new ConfigError(
      `pulumi-tencentcloud-redis needs Node >= ${MIN_NODE_MAJOR}, and this is Node ${version}: ` +
        "install a newer Node (e.g. 24) and run pulumi with it on PATH",
    );
  }
}
