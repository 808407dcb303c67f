import { processScoped } from "../processState";

/**
 * Counts the changing calls (anything but Describe/Get/Inquiry/*InquiryPrice actions) this process has started or finished, so a
 * cached read can tell whether the process changed something in the cloud since it was taken. Process state (see
 * processState): both copies of the package in a process count the same calls.
 */
const counter = (): { value: number } => processScoped("api.writeEpoch", () => ({ value: 0 }));

/** Actions that only read (UpgradeRedisInquiryPrice is a price question too). */
const READ_ONLY = /^(Describe|Get|Inquiry)|InquiryPrice$/;

/** Whether an action only reads. @param action - e.g. `DescribeRedis` */
export function isReadOnlyAction(action: string): boolean {
  return READ_ONLY.test(action);
}

/** Current value; it changes when a changing call starts and again when it ends. */
export function writeEpoch(): number {
  return counter().value;
}

/**
 * Marks the start of a call; returns what to run when it ends.
 * @param action - the action about to be sent
 */
export function noteCall(action: string): () => void {
  if (isReadOnlyAction(action)) return () => {};
  const c = counter();
  c.value++;
  return () => {
    c.value++;
  };
}
