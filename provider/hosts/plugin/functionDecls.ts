/**
 * The functions' arguments and results and the object types of their results, declared once with the words the
 * schema shows. functionSchemas.ts holds these tables to the TypeScript types the functions really take and return,
 * and builds the schema's function and type specs from them.
 * @packageDocumentation
 */

import type * as api from "../../api";
import type { GetPriceArgs } from "../../functions";
import type { FunctionName } from "./registry";
import type { PrimitiveType } from "./schema";

/** The object types of the results, and the api interface each one is. */
export interface Named {
  Zone: api.RedisZone;
  ProductZone: api.RedisProductZone;
  ProductType: api.RedisProductType;
  InstanceInfo: api.RedisInstance;
  InstanceBackup: api.InstanceBackup;
  Task: api.RedisTask;
}
export type TypeName = keyof Named;

export type Ref = { ref: TypeName };
/** A field's type: a primitive, a named type, a list of either, or a map (by string key) of a named type. */
export type FieldType = PrimitiveType | Ref | { list: PrimitiveType | Ref } | { map: Ref };

export type PriceOrder = GetPriceArgs["order"];

export interface Field {
  type: FieldType;
  doc: string;
  required?: true;
  /** The values it takes; the description lists them. */
  values?: readonly (string | number)[];
  /** getPrice only: the orders that use the field, and those that need it. */
  usedBy?: readonly PriceOrder[];
  requiredFor?: readonly PriceOrder[];
}
export type Fields = Record<string, Field>;

export interface FunctionDecl {
  doc: string;
  inputs: Fields;
  outputs: Fields;
}

export const TYPES = {
  Zone: {
    doc: "A zone where Redis can be bought.",
    fields: {
      zoneId: { type: "integer", required: true, doc: "The zone id, e.g. 100002." },
      name: { type: "string", required: true, doc: "The zone's name, e.g. Guangzhou Zone 2." },
    },
  },
  ProductZone: {
    doc: "The specifications on sale in one zone.",
    fields: {
      zoneId: { type: "integer", required: true, doc: "The zone id." },
      name: { type: "string", required: true, doc: "The zone's name." },
      types: {
        type: { map: { ref: "ProductType" } },
        required: true,
        doc: 'The types on sale, by type id ("1" cluster, "2" standalone).',
      },
    },
  },
  ProductType: {
    doc: "A specification of one instance type in one zone.",
    fields: {
      type: { type: "integer", required: true, doc: "The type id: 1 cluster, 2 standalone." },
      typeName: { type: "string", required: true, doc: "The type's name." },
      minMemSize: { type: "integer", required: true, doc: "The smallest capacity on sale, in MB." },
      maxMemSize: { type: "integer", required: true, doc: "The largest capacity on sale, in MB." },
      minBuyNum: { type: "integer", required: true, doc: "The fewest instances one order may buy." },
      maxBuyNum: { type: "integer", required: true, doc: "The most instances one order may buy." },
    },
  },
  InstanceInfo: {
    doc: "An instance as DescribeRedis reports it (times in China Standard Time, as the API prints them).",
    fields: {
      redisId: { type: "string", required: true, doc: "The instance id (`crs-...`)." },
      redisName: { type: "string", required: true, doc: "The instance's name (empty when it has none)." },
      status: { type: "integer", required: true, doc: "0 initializing, 1 in process, 2 running, -2 isolated." },
      statusDesc: { type: "string", doc: "The status in words." },
      appid: { type: "integer", doc: "The account's AppId." },
      projectId: { type: "integer", doc: "The project id." },
      regionId: { type: "integer", doc: "The region id." },
      zoneId: { type: "integer", doc: "The zone id." },
      vpcId: { type: "integer", doc: "The VPC's numeric id (see `unVpcId`)." },
      unVpcId: { type: "string", doc: "The VPC id such as `vpc-kd7d06of`." },
      subnetId: { type: "integer", doc: "The subnet's numeric id (see `unSubnetId`)." },
      unSubnetId: { type: "string", doc: "The subnet id such as `subnet-3lzksp0`." },
      wanIp: { type: "string", doc: "The address clients connect to." },
      port: { type: "integer", doc: "The port clients connect to." },
      createTime: { type: "string", doc: "The creation time." },
      size: { type: "integer", doc: "The capacity in MB." },
      sizeUsed: { type: "integer", doc: "The used capacity in MB." },
      typeId: { type: "integer", doc: "1 cluster, 2 standalone." },
      typeIdDesc: { type: "string", doc: "The type in words." },
      autoRenewFlag: { type: "integer", doc: "0 notify at expiry, 1 renew automatically, 2 neither." },
      deadlineTime: { type: "string", doc: "The expiry time." },
    },
  },
  InstanceBackup: {
    doc: "A backup as DescribeInstanceBackups reports it.",
    fields: {
      backupId: { type: "string", required: true, doc: "The backup id." },
      startTime: { type: "string", doc: "When the backup started (China Standard Time)." },
      backupType: { type: "string", doc: "How it was made (manual or automatic), as the API names it." },
      status: {
        type: "integer",
        required: true,
        doc: "1 in progress, 2 normal, 3 converting to RDB, 4 converted, -1 expired, -2 deleted.",
      },
      remark: { type: "string", doc: "The note stored with the backup." },
      locked: { type: "integer", doc: "Whether the backup is locked (1) or not (0)." },
    },
  },
  Task: {
    doc: "A task as GetRedisTaskList reports it.",
    fields: {
      startTime: { type: "string", doc: "When the task started (China Standard Time)." },
      taskName: { type: "string", doc: "What the task does, e.g. `task_backupInstance`." },
      redisName: { type: "string", doc: "The instance's name." },
      redisId: { type: "string", doc: "The instance id." },
      projectId: { type: "integer", doc: "The instance's project id." },
      status: { type: "integer", required: true, doc: "0 waiting, 1 running, 2 done, 3 failed, -1 error." },
      progress: { type: "integer", doc: "0 not finished, 1 finished." },
    },
  },
} as const satisfies { [N in TypeName]: { doc: string; fields: Fields } };

export const FUNCTIONS = {
  getZones: {
    doc: "Zones where Redis can be bought (DescribeRedisZones).",
    inputs: {},
    outputs: {
      zones: {
        type: { list: { ref: "Zone" } },
        required: true,
        doc: "Zones where the account may buy Redis.",
      },
    },
  },
  getProducts: {
    doc: "The specifications on sale (DescribeRedisProduct).",
    inputs: {
      zoneIds: { type: { list: "integer" }, doc: "Only these zones (all when absent)." },
      typeId: { type: "integer", values: [0, 1, 2], doc: "1 cluster, 2 standalone, 0 or absent both." },
    },
    outputs: {
      zones: {
        type: { list: { ref: "ProductZone" } },
        required: true,
        doc: "Per zone, the types on sale with their size range in MB and how many one order may buy.",
      },
    },
  },
  getPrice: {
    doc:
      "The price of an order: buy or renew by InquiryRedisPrice, upgrade by UpgradeRedisInquiryPrice. Nothing is " +
      "bought. Buying and renewing are the same inquiry (RenewRedis charges the period's price).",
    inputs: {
      order: {
        type: "string",
        required: true,
        values: ["buy", "renew", "upgrade"],
        doc: "What is priced: buying instances, renewing one, or growing one to `memSize`.",
      },
      zoneId: { type: "integer", usedBy: ["buy", "renew"], requiredFor: ["buy", "renew"], doc: "The zone id." },
      typeId: {
        type: "integer",
        usedBy: ["buy", "renew"],
        requiredFor: ["buy", "renew"],
        doc: "1 cluster, 2 standalone.",
      },
      memSize: {
        type: "integer",
        usedBy: ["buy", "renew", "upgrade"],
        requiredFor: ["buy", "renew", "upgrade"],
        doc: "Capacity in MB, a multiple of 1024 (for an upgrade: the new capacity).",
      },
      period: {
        type: "integer",
        usedBy: ["buy", "renew"],
        requiredFor: ["buy", "renew"],
        doc: "Months: 1-12, 24, 36.",
      },
      goodsNum: { type: "integer", usedBy: ["buy", "renew"], doc: "How many instances (default 1)." },
      instanceId: {
        type: "string",
        usedBy: ["upgrade"],
        requiredFor: ["upgrade"],
        doc: "The instance to grow (`crs-...`).",
      },
    },
    outputs: {
      order: { type: "string", required: true, values: ["buy", "renew", "upgrade"], doc: "The order priced." },
      price: { type: "integer", required: true, doc: "The price in 0.01 CNY, as the API answers." },
    },
  },
  getInstances: {
    doc: "The account's instances in the region (DescribeRedis, every page).",
    inputs: {
      redisId: { type: "string", doc: "Only this instance." },
      redisName: { type: "string", doc: "Only instances of this name." },
      orderBy: { type: "string", values: ["redisId", "projectId", "createtime"], doc: "The order of the listing." },
      orderType: { type: "integer", values: [0, 1], doc: "1 descending (the service's default), 0 ascending." },
      vpcIds: { type: { list: "integer" }, doc: "Only instances in these VPCs (numeric ids)." },
      unVpcIds: { type: { list: "string" }, doc: "Only instances in these VPCs (ids such as `vpc-kd7d06of`)." },
      subnetIds: { type: { list: "integer" }, doc: "Only instances in these subnets (numeric ids)." },
      unSubnetIds: { type: { list: "string" }, doc: "Only instances in these subnets (ids such as `subnet-3lzksp0`)." },
      projectIds: { type: { list: "integer" }, doc: "Only instances of these projects." },
    },
    outputs: {
      instances: { type: { list: { ref: "InstanceInfo" } }, required: true, doc: "The instances." },
    },
  },
  getInstanceBackups: {
    doc: "An instance's backups over a time window (Redis API 3.0 DescribeInstanceBackups, every page).",
    inputs: {
      instanceId: { type: "string", required: true, doc: "The instance (`crs-...`)." },
      beginTime: {
        type: "string",
        doc: "Backups started at or after this time, e.g. `2026-12-01 00:00:00` (China Standard Time, as the API prints).",
      },
      endTime: { type: "string", doc: "Backups started at or before this time." },
      status: {
        type: { list: "integer" },
        doc: "Only these statuses: 1 in progress, 2 normal, 3 converting to RDB, 4 converted, -1 expired, -2 deleted.",
      },
    },
    outputs: {
      backups: { type: { list: { ref: "InstanceBackup" } }, required: true, doc: "The backups." },
    },
  },
  getTasks: {
    doc: "Tasks of the account, or of one instance (GetRedisTaskList, every page), newest first.",
    inputs: {
      instanceId: { type: "string", doc: "The instance whose tasks to list (all instances when absent)." },
      instanceName: { type: "string", doc: "Only tasks of instances of this name." },
      beginTime: { type: "string", doc: "Tasks started at or after this time, e.g. `2026-12-01 00:00:00` (CST)." },
      endTime: { type: "string", doc: "Tasks started at or before this time." },
      taskStatus: {
        type: { list: "integer" },
        doc: "Only these statuses: 0 waiting, 1 running, 2 done, 3 failed, -1 error.",
      },
      taskType: {
        type: { list: "string" },
        doc: "Only these types, e.g. `task_backupInstance`, `task_restoreBackup`.",
      },
    },
    outputs: {
      tasks: { type: { list: { ref: "Task" } }, required: true, doc: "The tasks, newest first." },
    },
  },
} as const satisfies { [N in FunctionName]: FunctionDecl };
