/**
 * Imported first by transport.ts, the one module that loads undici: refuses a Node older than the package needs with
 * a message naming both versions, before undici's own import fails on it (on Node 20: "Cannot read properties of
 * undefined (reading 'bind')"). Every path to the API client goes through here, so no caller needs its own check.
 */
import { assertNodeVersion } from "./nodeVersion";

assertNodeVersion();
