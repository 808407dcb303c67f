/**
 * A failure the emulator answers on the wire. For the 2017 API it becomes `{code: common, message: "(module) text"}`
 * (or `message: text` for common errors without a module code); for API 3.0 it becomes `Error.Code` = `api3Code`.
 * @internal
 */
export class EmulatorError extends Error {
  constructor(
    /** Common error code of the 2017 API (4000, 4100, 5000, 5100, ...). */
    readonly common: number,
    /** Module error code printed in the message as "(NNNNN)", if any. */
    readonly module: number | undefined,
    /** Error name from the document's table (codeDesc). */
    readonly codeDesc: string,
    text: string,
    /** Error.Code for API 3.0 answers. */
    readonly api3Code = "InternalError",
  ) {
    super(text);
    this.name = "EmulatorError";
  }

  /** The 2017 `message` field. */
  wireMessage(): string {
    return this.module === undefined ? this.message : `(${this.module}) ${this.message}`;
  }
}

/**
 * Module error codes of the 2017 document, with the common code each travels under. The document does not say which
 * common code carries which module error; the choice follows the common-code table: lookups of unknown ids -> 5000,
 * bad values -> 4000, failed operations on existing resources (locked, wrong password, bad status) -> 5100,
 * purchase constraints -> 5300.
 */
const MODULE: Record<number, [number, string]> = {
  10000: [4000, "NoRedisService"],
  10501: [4000, "PasswordEmpty"],
  10502: [5100, "OldPasswordError"],
  10701: [5000, "InstanceNotExists"],
  10702: [5100, "InstanceStatusAbnormal"],
  10703: [4000, "InvalidMemSize"],
  10707: [5100, "InstanceLockedError"],
  10710: [5100, "BackupLockedError"],
  10711: [5100, "BackupStatusAbnormal"],
  10712: [5100, "PasswordError"],
  11052: [4300, "UserNotInWhiteList"],
  11053: [4000, "InvalidInstanceId"],
  11054: [4000, "InvalidSubnetId"],
  11055: [5100, "InstanceDeleted"],
  11056: [5100, "InstanceBeenLocked"],
  11057: [5100, "ReduceCapacityNotAllowed"],
  11058: [4000, "PasswordRuleError"],
  11059: [5000, "DealIdNotFound"],
  11060: [4000, "IsAutoRenewError"],
  11061: [5100, "InstanceIsolated"],
  11062: [4000, "NoTypeIdRedisService"],
  11063: [4000, "MemSizeNotInRange"],
  11064: [4000, "GoodsNumNotInRange"],
  11065: [4000, "PeriodExceedMaxLimit"],
  11066: [4000, "PeriodLessThanMinLimit"],
  11201: [4000, "InvalidParameter"],
  11211: [4000, "InstanceNameExceedMaxLimit"],
  11212: [4000, "InstanceNameRuleError"],
  11213: [5000, "BackupNotExists"],
  11214: [5100, "OnlyClusterInstanceCanExportBackup"],
  100207: [5300, "OperationConstraints.AccountBalanceNotEnough"],
};

/** API 3.0 equivalents used when a module error reaches the Redis 3.0 surface. */
const API3: Record<number, string> = {
  10701: "ResourceNotFound.InstanceNotExists",
  11213: "ResourceNotFound.BackupNotExists",
  10707: "ResourceUnavailable.InstanceLockedError",
};

/** Builds the error for a module code of the 2017 document. */
export function moduleError(code: number, text: string): EmulatorError {
  const [common, name] = MODULE[code] ?? [5100, "UnknownError"];
  return new EmulatorError(common, code, name, text, API3[code] ?? "InvalidParameter.InvalidParameter");
}

/** 4000: a parameter is missing or malformed; the message names it. */
export function paramError(name: string, why = "is missing or invalid"): EmulatorError {
  return new EmulatorError(4000, undefined, "InvalidParameter", `${name} ${why}`, "InvalidParameter");
}
