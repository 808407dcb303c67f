/**
 * Counts the changing calls (anything but Describe/Get/Inquiry/*InquiryPrice actions) this process has started or finished, so a
 * cached read can tell whether the process changed something in the cloud since it was taken. A plain number in
 * module scope: harmless if a dynamic provider's serialization captures it (it only ever starts at 0).
 */
let epoch = 0;

/** Actions that only read (UpgradeRedisInquiryPrice is a price question too). */
const READ_ONLY = /^(Describe|Get|Inquiry)|InquiryPrice$/;

/** Whether an action only reads. @param action - e.g. `DescribeRedis` */
export function isReadOnlyAction(action: string): boolean {
  return READ_ONLY.test(action);
}

/** Current value; it changes when a changing call starts and again when it ends. */
export function writeEpoch(): number {
  return epoch;
}

/**
 * Marks the start of a call; returns what to run when it ends.
 * @param action - the action about to be sent
 */
export function noteCall(action: string): () => void {
  if (isReadOnlyAction(action)) return () => {};
  epoch++;
  return () => {
    epoch++;
  };
}
