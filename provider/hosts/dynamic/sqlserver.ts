/** SQL Server resources (API 3.0, version 2018-03-28). */
export { Backup, type BackupArgs } from "./sqlserverBackup";
