/**
 * The runtime entry point (`pulumi-tencentcloud-redis/runtime`): the providers, wired once, that both hosts serve. The
 * dynamic host's serialized stubs load it by package name (hosts/dynamic/stub.ts); the plugin host imports it
 * (hosts/plugin/resourceCalls.ts). It sits above the layers it wires (redis, sqlserver, runtime); only the hosts import
 * it. Not part of the public API. Only the checks are loaded up front; each provider's operations (and with them the
 * API client) on first use, see lazyProvider.
 * @internal
 */

import { backupChecks } from "./redis/backup/backupChecks";
import { instanceChecks } from "./redis/instance/instanceChecks";
import type { RuntimeModule } from "./runtime/kinds";
import { lazyProvider } from "./runtime/lazyProvider";
import { sqlBackupChecks } from "./sqlserver/backupChecks";

export const providers: RuntimeModule["providers"] = {
  instance: lazyProvider(
    instanceChecks,
    async () => (await import("./redis/instance/instanceProvider.js")).instanceProvider,
  ),
  backup: lazyProvider(backupChecks, async () => (await import("./redis/backup/backupProvider.js")).backupProvider),
  sqlserverBackup: lazyProvider(
    sqlBackupChecks,
    async () => (await import("./sqlserver/backupProvider.js")).sqlserverBackupProvider,
  ),
};
