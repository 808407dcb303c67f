/** The wait layer: batched polling of deals, tasks and instances, with typed end states. */
export { type Clock, systemClock } from "./clock";
export { createDealPoller, type DealStateLike, dealStatusClass } from "./deals";
export {
  isNonRetryable,
  PartialFetchError,
  WaitAbortedError,
  WaitError,
  type WaitErrorDetails,
  WaitFailedError,
  WaitTimeoutError,
} from "./errors";
export { fanOutFetch } from "./fanOutFetch";
export { createInstancePoller, type InstanceStateLike, instanceStatusClass } from "./instances";
export {
  BatchPoller,
  type BatchPollerOptions,
  type PollOutcome,
  type WaitOptions,
  type WaitProgress,
} from "./poller";
export { pollerKey, resetSharedPollers, sharedPoller } from "./registry";
export {
  type AdaptiveScheduleOptions,
  type AnchorScheduleOptions,
  adaptiveSchedule,
  anchorSchedule,
  type PollSchedule,
} from "./schedule";
export { createTaskPoller, type TaskStateLike, taskStatusClass } from "./tasks";
