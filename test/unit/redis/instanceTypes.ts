// Compile-time checks of the Instance class's derived outputs (run by `npm run typecheck`): a wrong derivation fails it.
import type { Instance } from "../../../provider/hosts/dynamic/instance";

declare const i: Instance;
const a: import("@pulumi/pulumi").Output<string> = i.host;
const b: import("@pulumi/pulumi").Output<number> = i.memSize;
const c: import("@pulumi/pulumi").Output<string> = i.name;
const d: import("@pulumi/pulumi").Output<string> = i.instanceId;
// @ts-expect-error not an output
i.vpcId;

export { a, b, c, d };
