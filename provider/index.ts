/**
 * pulumi-tencentcloud-redis: Pulumi dynamic providers for Tencent Cloud Redis (CRS).
 * @packageDocumentation
 */

export type { InstanceBackup, RedisInstance, RedisProductType, RedisProductZone, RedisTask, RedisZone } from "./api";
export {
  AmbiguousPurchaseError,
  ApiError,
  ResponseShapeError,
  ServiceError,
  TransportError,
} from "./api/errors";
export { ConfigError, CrsError, type Fault, ProviderError } from "./errors";
export * from "./functions";
export { Backup, type BackupArgs } from "./hosts/dynamic/backup";
export { Instance, type InstanceArgs } from "./hosts/dynamic/instance";
export * as sqlserver from "./hosts/dynamic/sqlserver";
export { WaitAbortedError, WaitError, WaitFailedError, WaitTimeoutError } from "./wait/errors";
