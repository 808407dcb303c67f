/**
 * pulumi-tencentcloud-redis: Pulumi dynamic providers for Tencent Cloud Redis (CRS).
 * @packageDocumentation
 */

export type { InstanceBackup, RedisInstance, RedisProductType, RedisProductZone, RedisTask, RedisZone } from "./api";
export * from "./functions";
export { Backup, type BackupArgs } from "./redis/backup";
export { Instance, type InstanceArgs } from "./redis/instance";
export * as sqlserver from "./sqlserver";
