/**
 * The runtime entry point (`pulumi-tencentcloud-redis/runtime`): what the serialized provider stubs load, by package
 * name, in the dynamic-provider process. Not part of the public API.
 * @internal
 */
import { backupProvider } from "../redis/backupProvider";
import { instanceProvider } from "../redis/instanceProvider";
import { sqlserverBackupProvider } from "../sqlserver/backupProvider";
import type { RuntimeModule } from "./stub";

export const providers: RuntimeModule["providers"] = {
  instance: instanceProvider,
  backup: backupProvider,
  sqlserverBackup: sqlserverBackupProvider,
};
