// Compile-time checks of the Backup's model types (run by `npm run typecheck`): a wrong derivation fails it.
import type { Output } from "@pulumi/pulumi";
import type { Backup } from "../../../provider/hosts/dynamic/backup";
import type { BackupOutputs } from "../../../provider/redis/backup/backupModel";

declare const o: BackupOutputs;
const id: string = o.backupId;
// @ts-expect-error downloadUrl is `optional` in the model: it may be absent
const url: string = o.downloadUrl;

// The class's properties derive from the same types: an optional output is an Output that may hold undefined.
declare const b: Backup;
const classUrl: Output<string | undefined> = b.downloadUrl;
const classId: Output<string> = b.backupId;
// @ts-expect-error it may hold undefined
const classUrlStrict: Output<string> = b.downloadUrl;
// @ts-expect-error not an output of the class
b.nonesuch;

export { classId, classUrl, classUrlStrict, id, url };
