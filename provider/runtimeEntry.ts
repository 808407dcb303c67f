/**
 * The runtime entry point (`pulumi-tencentcloud-redis/runtime`): what the serialized provider stubs load, by package
 * name, in the dynamic-provider process. It sits above the layers it wires (redis, sqlserver, runtime), so no folder
 * imports it. Not part of the public API. Only the checks are loaded up front; each
 * provider's operations (and with them the API client) on first use, see lazyProvider.
 * @internal
 */
import { backupChecks } from "./redis/backupChecks";
import { instanceChecks } from "./redis/instanceChecks";
import { lazyProvider } from "./runtime/lazyProvider";
import type { RuntimeModule } from "./runtime/stub";
import { sqlBackupChecks } from "./sqlserver/backupChecks";

export const providers: RuntimeModule["providers"] = {
  instance: lazyProvider(instanceChecks, async () => (await import("./redis/instanceProvider.js")).instanceProvider),
  backup: lazyProvider(backupChecks, async () => (await import("./redis/backupProvider.js")).backupProvider),
  sqlserverBackup: lazyProvider(
    sqlBackupChecks,
    async () => (await import("./sqlserver/backupProvider.js")).sqlserverBackupProvider,
  ),
};
