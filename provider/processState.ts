/**
 * The one home of process-wide state: pollers, coalescers, connection pools, rate limiters, caches of one provider
 * process. Why one place: a dynamic provider serializes module scope into the state, so no live object may exist at
 * module load, and the package can be loaded twice in one process (the program's copy and the runtime entry's).
 * Objects are created on first use and kept on `globalThis` under one registered symbol, so both copies share them.
 * @packageDocumentation
 */

const STATE_KEY = Symbol.for("pulumi-tencentcloud-redis.processState");

type Slots = Map<string, unknown>;

function slots(): Slots {
  const g = globalThis as unknown as Record<symbol, Slots | undefined>;
  let s = g[STATE_KEY];
  if (!s) {
    s = new Map();
    g[STATE_KEY] = s;
  }
  return s;
}

/**
 * The process's object under `key`, created by `create` on first use.
 * @param key - namespaced by its owner, e.g. `api.pools`, `wait.poller:<hash>`
 * @param create - builds the object the first time
 * @internal
 */
export function processScoped<T>(key: string, create: () => T): T {
  const s = slots();
  if (!s.has(key)) s.set(key, create());
  return s.get(key) as T;
}

/**
 * Forgets the objects whose key starts with `prefix` (all of them without one): tests, and a new stack config.
 * Objects with work in progress keep running until it ends.
 * @internal
 */
export function resetProcessState(prefix = ""): void {
  const s = slots();
  for (const k of [...s.keys()]) if (k.startsWith(prefix)) s.delete(k);
}
