import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { getBackupDownloadUrlSchema, getRedisBackupListSchema } from "../../../provider/api/backupActions";
import { describeRedisProductSchema, describeRedisZonesSchema } from "../../../provider/api/catalogueActions";
import { describeRedisDealDetailSchema } from "../../../provider/api/dealActions";
import { describeRedisSchema } from "../../../provider/api/instanceActions";
import { describeInstanceBackupsSchema } from "../../../provider/api/redis3";
import { dealAnswer, emptyAnswer, priceAnswer, taskAnswer } from "../../../provider/api/schemaHelpers";
import { createBackupSchema, describeFlowStatusSchema } from "../../../provider/api/sqlserver3";
import { describeTaskInfoSchema, getRedisTaskListSchema } from "../../../provider/api/taskActions";

const dir = join(__dirname, "fixtures");
const load = (name: string): unknown => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
const response = (name: string): unknown => (load(name) as { Response: unknown }).Response;

const schemaFor: Record<string, z.ZodType<unknown>> = {
  DescribeRedisZones: describeRedisZonesSchema,
  DescribeRedisProduct: describeRedisProductSchema,
  "DescribeRedisProduct-usecase": describeRedisProductSchema,
  InquiryRedisPrice: priceAnswer,
  CreateRedis: dealAnswer,
  RenewRedis: dealAnswer,
  UpgradeRedisInquiryPrice: priceAnswer,
  UpgradeRedis: dealAnswer,
  DescribeRedisDealDetail: describeRedisDealDetailSchema,
  "DescribeRedisDealDetail-usecase": describeRedisDealDetailSchema,
  DescribeRedis: describeRedisSchema,
  SetRedisAutoRenew: emptyAnswer,
  ModifyRedisName: emptyAnswer,
  ModfiyRedisPassword: taskAnswer,
  ResetRedisPassword: taskAnswer,
  ClearRedis: taskAnswer,
  ModifyRedisProject: emptyAnswer,
  ManualBackupInstance: taskAnswer,
  GetBackupDownloadUrl: getBackupDownloadUrlSchema,
  GetRedisBackupList: getRedisBackupListSchema,
  RestoreInstance: taskAnswer,
  GetRedisTaskList: getRedisTaskListSchema,
  ExportRedisBackup: taskAnswer,
  DescribeTaskInfo: describeTaskInfoSchema,
};
const api3: Record<string, z.ZodType<unknown>> = {
  DescribeInstanceBackups: describeInstanceBackupsSchema,
  CreateBackup: createBackupSchema,
};

describe("every example answer of the seeds parses", () => {
  it("has a schema for every fixture and a fixture for every schema", () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5))
      .sort();
    expect(files).toEqual([...Object.keys(schemaFor), ...Object.keys(api3)].sort());
  });
  it.each(Object.keys(schemaFor))("%s", (name) => {
    const r = schemaFor[name]!.safeParse(load(name));
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });
  it.each(Object.keys(api3))("%s (API 3.0)", (name) => {
    const r = api3[name]!.safeParse(response(name));
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });
});

describe("normalisation", () => {
  it("DescribeRedis: numbers sent as strings become numbers", () => {
    const r = describeRedisSchema.parse(load("DescribeRedis"));
    expect(r.totalCount).toBe(1);
    expect(r.instances[0]).toMatchObject({
      redisId: "crs-ooakfyj3",
      status: 2,
      port: 6379,
      size: 2048,
      sizeUsed: 0,
      projectId: 0,
      zoneId: 100002,
      appid: 1251966477,
      createTime: "2016-05-04 16:59:53",
    });
  });
  it("DescribeRedis: createtime (documented) is createTime; extra fields allowed", () => {
    const body = {
      code: "0",
      totalCount: "1",
      data: { redisSet: [{ redisId: "crs-1", redisName: "n", status: 2, createtime: "t", brandNew: 1 }] },
    };
    expect(describeRedisSchema.parse(body).instances[0]).toEqual({
      redisId: "crs-1",
      redisName: "n",
      status: 2,
      createTime: "t",
    });
  });
  it("DescribeRedisDealDetail unifies creatTime/createTime, zonId/zoneId, newMemsize", () => {
    const r = describeRedisDealDetailSchema.parse(load("DescribeRedisDealDetail"));
    expect(r.dealDetails.map((d) => d.createTime)).toEqual([
      "2016-07-12 21:10:11",
      "2016-07-12 22:05:43",
      "2016-07-12 22:15:55",
    ]);
    expect(r.dealDetails[2]!.goodsDetail).toEqual({ oldMemSize: 1024, newMemSize: 2048, redisIds: ["crs-ifmymj41"] });
    const zon = describeRedisDealDetailSchema.parse({
      code: 0,
      dealDetails: [{ dealId: 7, zonId: "100002", status: "3" }],
    });
    expect(zon.dealDetails[0]).toEqual({ dealId: "7", zoneId: 100002, status: 3, goodsDetail: { redisIds: [] } });
  });
  it("dealId and price: string/number both accepted", () => {
    expect(dealAnswer.parse(load("CreateRedis"))).toEqual({ dealId: "432583" });
    expect(dealAnswer.parse({ code: 0, data: { dealId: 432583 } })).toEqual({ dealId: "432583" });
    expect(priceAnswer.parse({ code: "0", data: { price: "16000" } })).toEqual({ price: 16000 });
  });
  it("DescribeRedisZones gives ids as numbers", () => {
    expect(describeRedisZonesSchema.parse(load("DescribeRedisZones")).zones[0]).toEqual({
      zoneId: 100002,
      name: "Guangzhou Zone 2",
    });
  });
  it("DescribeTaskInfo: object or array", () => {
    expect(describeTaskInfoSchema.parse({ code: 0, data: [{ status: "2" }] })).toEqual({ status: 2 });
    expect(describeTaskInfoSchema.parse(load("DescribeTaskInfo"))).toEqual({ status: 2 });
  });
  it("DescribeInstanceBackups: BackupSet (table) and RedisBackupSet (example)", () => {
    const ex = describeInstanceBackupsSchema.parse(response("DescribeInstanceBackups"));
    expect(ex.backups).toHaveLength(2);
    expect(ex.backups[0]).toMatchObject({
      backupId: "2e4127f8-affe-11e8-941e-4846fb00c75d",
      status: 2,
      backupType: "0",
    });
    const table = describeInstanceBackupsSchema.parse({ TotalCount: "1", BackupSet: [{ BackupId: "b", Status: "4" }] });
    expect(table).toEqual({ totalCount: 1, backups: [{ backupId: "b", status: 4 }] });
  });
  it("SQL Server: CreateBackup and DescribeFlowStatus", () => {
    expect(createBackupSchema.parse(response("CreateBackup"))).toEqual({
      flowId: 5293,
      requestId: "4be5990d-a4b5-49dc-b2b4-e713b6aa7ba3",
    });
    expect(describeFlowStatusSchema.parse({ RequestId: "r", Status: 2 })).toEqual({ status: 2, requestId: "r" });
  });
  it("rejects a missing required field", () => {
    expect(taskAnswer.safeParse({ code: 0, data: {} }).success).toBe(false);
    expect(describeRedisSchema.safeParse({ code: 0, data: { redisSet: [] } }).success).toBe(false);
  });
});
