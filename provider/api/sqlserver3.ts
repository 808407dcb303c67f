import { z } from "zod";
import type { CallOptions, CrsClient } from "./client";
import { compact, num, optStr } from "./schemaHelpers";

/** CreateBackup parameters (SQL Server API 3.0, 2018-03-28). */
export interface CreateBackupParams {
  instanceId: string;
  /** 0 instance backup, 1 multi-database backup. */
  strategy?: 0 | 1;
  /** Databases, for strategy 1. */
  dbNames?: string[];
}
/** An async flow id; follow it with DescribeFlowStatus. */
export interface CreateBackupResult {
  flowId: number;
  requestId?: string;
}

/** @internal */
export const createBackupSchema = z
  .looseObject({ RequestId: optStr, FlowId: num })
  .transform((r): CreateBackupResult => compact({ flowId: r.FlowId, requestId: r.RequestId }));

/**
 * CreateBackup (SQL Server).
 * @param client - CRS client
 * @param params - instanceId, strategy, dbNames
 */
export function createBackup(
  client: CrsClient,
  params: CreateBackupParams,
  call?: CallOptions,
): Promise<CreateBackupResult> {
  const body = compact({ InstanceId: params.instanceId, Strategy: params.strategy, DBNames: params.dbNames });
  return client.callSqlserver3("CreateBackup", body, createBackupSchema, call);
}

/** DescribeFlowStatus parameters. */
export interface DescribeFlowStatusParams {
  flowId: number;
}
/** Flow state: 0 success, 1 failure, 2 running. */
export interface FlowStatusResult {
  status: number;
  requestId?: string;
}

/** @internal */
export const describeFlowStatusSchema = z
  .looseObject({ RequestId: optStr, Status: num })
  .transform((r): FlowStatusResult => compact({ status: r.Status, requestId: r.RequestId }));

/**
 * DescribeFlowStatus (SQL Server): progress of a FlowId.
 * @param client - CRS client
 * @param params - flowId
 */
export function describeFlowStatus(
  client: CrsClient,
  params: DescribeFlowStatusParams,
  call?: CallOptions,
): Promise<FlowStatusResult> {
  return client.callSqlserver3("DescribeFlowStatus", { FlowId: params.flowId }, describeFlowStatusSchema, call);
}
