import type * as pulumi from "@pulumi/pulumi";

/** The provider kinds the runtime entry point serves (to both hosts). @internal */
export type ProviderKind = "instance" | "backup" | "sqlserverBackup";

/** The shape the runtime entry point exports (`pulumi-tencentcloud-redis/runtime`). @internal */
export interface RuntimeModule {
  providers: Record<ProviderKind, pulumi.dynamic.ResourceProvider>;
}
