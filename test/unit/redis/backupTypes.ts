// Compile-time checks of the Backup's model types (run by `npm run typecheck`): a wrong derivation fails it.
import type { BackupOutputs } from "../../../provider/redis/backupModel";

declare const o: BackupOutputs;
const id: string = o.backupId;
// @ts-expect-error downloadUrl is `optional` in the model: it may be absent
const url: string = o.downloadUrl;

export { id, url };
