import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api";
import { callContext } from "../runtime/context";
import { defineProvider } from "../runtime/defineProvider";
import { isUnknown } from "../runtime/unknown";
import { createFlowPoller } from "./flows";

type Props = Record<string, unknown>;

function checkSqlBackup(_olds: Props, news: Props): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const known = (k: string) => news[k] !== undefined && !isUnknown(news[k]);
  if (!known("instanceId") && news.instanceId === undefined) {
    failures.push({ property: "instanceId", reason: "instanceId is required (format mssql-i1z41iwd)" });
  } else if (
    known("instanceId") &&
    (typeof news.instanceId !== "string" || !/^mssql-[a-z0-9]+$/.test(news.instanceId))
  ) {
    failures.push({ property: "instanceId", reason: "instanceId must look like mssql-i1z41iwd" });
  }
  const strategy = news.strategy ?? 0;
  if (!isUnknown(strategy) && strategy !== 0 && strategy !== 1) {
    failures.push({
      property: "strategy",
      reason: "strategy must be 0 (instance backup) or 1 (multi-database backup)",
    });
  }
  const dbNames = news.dbNames;
  const hasDbs = Array.isArray(dbNames) && dbNames.length > 0;
  if (strategy === 1 && !hasDbs && !isUnknown(dbNames)) {
    failures.push({
      property: "dbNames",
      reason: "strategy 1 (multi-database backup) needs dbNames: the databases to back up",
    });
  }
  if (strategy === 0 && hasDbs) {
    failures.push({
      property: "dbNames",
      reason: "dbNames is only for strategy 1; strategy 0 backs up the whole instance",
    });
  }
  return { inputs: { ...news, strategy }, failures };
}

function diffSqlBackup(olds: Props, news: Props): pulumi.dynamic.DiffResult {
  const same = (k: string) => JSON.stringify(olds[k] ?? null) === JSON.stringify(news[k] ?? null);
  const replaces = ["instanceId", "strategy", "dbNames"].filter((k) => !same(k));
  const changes = [...replaces, "waitTimeoutSeconds"].filter((k) => !same(k));
  return { changes: changes.length > 0, replaces, deleteBeforeReplace: false };
}

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const ctx = callContext(inputs.waitTimeoutSeconds);
  const instanceId = String(inputs.instanceId);
  const strategy = Number(inputs.strategy ?? 0) as 0 | 1;
  const dbNames = Array.isArray(inputs.dbNames) ? inputs.dbNames.map(String) : undefined;
  const { flowId } = await api.createBackup(ctx.client, { instanceId, strategy, dbNames });
  ctx.log(`SQL Server CreateBackup accepted: flow ${flowId}`);
  await createFlowPoller(ctx).wait(String(flowId), {
    deadlineMs: ctx.waitDeadline(),
    label: `flow ${flowId} (backup of ${instanceId})`,
  });
  return { id: `${instanceId}/${flowId}`, outs: { ...inputs, strategy, flowId, status: "succeeded" } };
}

/** The SQL Server Backup provider as the dynamic-provider host calls it. @internal */
export const sqlserverBackupProvider = defineProvider({
  check: checkSqlBackup,
  diff: diffSqlBackup,
  create,
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete(id) {
    process.stderr.write(
      `[tencentcloud-redis] SQL Server backup ${id} is no longer managed; CreateBackup's API deletes nothing\n`,
    );
  },
});
