import { formatTime, parseTime } from "../clock";
import { moduleError } from "../moduleError";
import { list, optInt, optStr, reqInt, reqStr } from "../params";
import { checkPassword } from "../passwordRule";
import type { Handler } from "./types";

/** ModfiyRedisPassword (the document's spelling): checks the old password now (10502), sets the new one in a task. */
export const modfiyRedisPassword: Handler = (e, p) => {
  const redisId = reqStr(p, "redisId");
  const oldPassword = p.oldPassword;
  const inst = e.usableInstance(redisId);
  if (oldPassword === undefined || oldPassword === "") throw moduleError(10501, "oldPassword is empty");
  const password = checkPassword(p.password);
  if (oldPassword !== inst.password) throw moduleError(10502, "wrong old password");
  const task = e.newTask(inst, "setPassword", { newPassword: password });
  return { data: { requestId: task.taskId } };
};

/** ResetRedisPassword: no old password needed. */
export const resetRedisPassword: Handler = (e, p) => {
  const inst = e.usableInstance(reqStr(p, "redisId"));
  const password = checkPassword(p.password);
  const task = e.newTask(inst, "setPassword", { newPassword: password });
  return { data: { requestId: task.taskId } };
};

/** ClearRedis: password checked (10712), FLUSHALL in a task. */
export const clearRedis: Handler = (e, p) => {
  const inst = e.usableInstance(reqStr(p, "redisId"));
  if (p.password === undefined || p.password === "") throw moduleError(10501, "password is empty");
  if (p.password !== inst.password) throw moduleError(10712, "wrong password");
  const task = e.newTask(inst, "cleanInstance");
  return { data: { requestId: task.taskId } };
};

const TYPE_TO_NAME: Record<string, string> = {
  task_exportBackup: "exportBackup",
  task_restoreBackup: "restoreBackup",
  task_backupInstance: "backupInstance",
  task_cleanInstance: "cleanInstance",
  task_resizeInstance: "resizeInstance",
  task_importRdb: "importRdb",
  task_restoreStream: "restoreStream",
};

/** GetRedisTaskList: filters by redisId, redisName, time window, taskStatus.n and taskType.n; newest first. */
export const getRedisTaskList: Handler = (e, p) => {
  const limit = optInt(p, "limit", 20);
  const offset = optInt(p, "offset", 0);
  const redisId = optStr(p, "redisId");
  const redisName = optStr(p, "redisName");
  const begin = optStr(p, "beginTime");
  const end = optStr(p, "endTime");
  const beginMs = begin ? parseTime(begin) : Number.NEGATIVE_INFINITY;
  const endMs = end ? parseTime(end) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(beginMs)) throw moduleError(11201, "beginTime must look like 2017-02-08 16:46:34");
  if (Number.isNaN(endMs)) throw moduleError(11201, "endTime must look like 2017-02-08 19:09:26");
  const statuses = list(p, "taskStatus").map(Number);
  const types = list(p, "taskType").map((t) => TYPE_TO_NAME[t] ?? t);
  const rows = e.state.tasks
    .map((t) => ({ t, inst: e.state.instances.find((i) => i.redisId === t.redisId), status: e.taskStatus(t) }))
    .filter(
      ({ t, inst, status }) =>
        (!redisId || t.redisId === redisId) &&
        (!redisName || inst?.redisName === redisName) &&
        t.createTime >= beginMs &&
        t.createTime <= endMs &&
        (statuses.length === 0 || statuses.includes(status)) &&
        (types.length === 0 || types.includes(t.taskName)),
    )
    .sort((a, b) => b.t.createTime - a.t.createTime || b.t.taskId - a.t.taskId);
  return {
    totalCount: rows.length,
    data: {
      redisTaskSet: rows.slice(offset, offset + limit).map(({ t, inst, status }) => ({
        startTime: formatTime(t.createTime),
        taskName: t.taskName,
        redisName: inst?.redisName ?? "",
        redisId: t.redisId,
        projectId: inst?.projectId ?? 0,
        status,
        progress: status === 2 ? 1 : 0,
        requestId: t.taskId,
      })),
    },
  };
};

/** DescribeTaskInfo: 0 to run, 1 running, 2 done, 3 failed. */
export const describeTaskInfo: Handler = (e, p) => {
  const id = reqInt(p, "requestId");
  const task = e.state.tasks.find((t) => t.taskId === id);
  if (!task) throw moduleError(11201, `task ${id} does not exist`);
  return { data: { status: e.taskStatus(task) } };
};
