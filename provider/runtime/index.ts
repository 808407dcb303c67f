/**
 * The runtime entry point (`pulumi-tencentcloud-redis/runtime`): what the serialized provider stubs load, by package
 * name, in the dynamic-provider process. Not part of the public API. Only the checks are loaded up front; each
 * provider's operations (and with them the API client) on first use, see lazyProvider.
 * @internal
 */
import { backupChecks } from "../redis/backupChecks";
import { instanceChecks } from "../redis/instanceChecks";
import { sqlBackupChecks } from "../sqlserver/backupChecks";
import { lazyProvider } from "./lazyProvider";
import type { RuntimeModule } from "./stub";

type InstanceModule = typeof import("../redis/instanceProvider");
type BackupModule = typeof import("../redis/backupProvider");
type SqlBackupModule = typeof import("../sqlserver/backupProvider");

export const providers: RuntimeModule["providers"] = {
  instance: lazyProvider(
    instanceChecks,
    () => (require("../redis/instanceProvider") as InstanceModule).instanceProvider,
  ),
  backup: lazyProvider(backupChecks, () => (require("../redis/backupProvider") as BackupModule).backupProvider),
  sqlserverBackup: lazyProvider(
    sqlBackupChecks,
    () => (require("../sqlserver/backupProvider") as SqlBackupModule).sqlserverBackupProvider,
  ),
};
