import { PartialFetchError } from "./errors";

/**
 * Turns a one-id lookup into a batch fetch for {@link BatchPoller}, at most `concurrency` calls at a time.
 * If every lookup fails, the first error is thrown as is (so `retryable: false` and lastError work as for a batch
 * call); if only some fail, a {@link PartialFetchError} carries the answers and the per-id errors.
 * @param fetchOne - one lookup; `undefined` means "not visible yet"
 * @param concurrency - parallel calls (default 8)
 */
export function fanOutFetch<Id extends string, State>(
  fetchOne: (id: Id) => Promise<State | undefined>,
  concurrency = 8,
): (ids: Id[]) => Promise<Map<Id, State>> {
  return async (ids) => {
    const states = new Map<Id, State>();
    const errors = new Map<Id, unknown>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as Id;
        try {
          const state = await fetchOne(id);
          if (state !== undefined) states.set(id, state);
        } catch (err) {
          errors.set(id, err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), ids.length) }, worker));
    if (errors.size === 0) return states;
    if (errors.size === ids.length) throw errors.values().next().value;
    throw new PartialFetchError(states, errors);
  };
}
