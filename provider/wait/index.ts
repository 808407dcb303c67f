/** The wait layer: batched polling of deals, tasks and instances, with typed end states. */
export { type Clock, systemClock } from "../clock";
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
export { KeyedCoalescer, type KeyedCoalescerOptions } from "./keyedCoalescer";
export {
  type EstimateSource,
  estimateFromSamples,
  type LearnedScheduleOptions,
  learnedSchedule,
  learningSchedule,
  type WaitEstimate,
  type WaitSample,
} from "./learnedSchedule";
export { type FetchPage, type PageThroughOptions, pageThrough } from "./paging";
export {
  BatchPoller,
  type BatchPollerOptions,
  type PollOutcome,
  type WaitOptions,
  type WaitProgress,
} from "./poller";
export { type ListingSource, ReadCoalescer, type ReadCoalescerOptions } from "./readCoalescer";
export { pollerKey, processShared, resetSharedPollers, sharedPoller } from "./registry";
export {
  type AdaptiveScheduleOptions,
  type AnchorScheduleOptions,
  adaptiveSchedule,
  anchorSchedule,
  firstPollNow,
  type PollSchedule,
} from "./schedule";
export { createTaskPoller, type TaskStateLike, taskStatusClass } from "./tasks";
export {
  learnedEstimate,
  readWaitStats,
  recordWaitSample,
  SAMPLES_PER_KIND,
  waitStatsFile,
  waitStatsVersion,
} from "./waitStats";
