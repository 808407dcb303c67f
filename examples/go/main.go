// A Redis instance and a backup of it, declared with the Go SDK generated from the provider's schema (sdk/go).
package main

import (
	"github.com/pulumi-tencentcloud-redis/sdk/go/tencentcloudredis"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(program)
}

// program declares the stack; main_test.go runs it against mocks.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	password := cfg.RequireSecret("redisPassword")

	cache, err := tencentcloudredis.NewInstance(ctx, "cache", &tencentcloudredis.InstanceArgs{
		ZoneId:   pulumi.Int(100002), // Guangzhou Zone 2; changing it replaces the instance
		TypeId:   pulumi.Int(2),      // 1 cluster, 2 standalone; replaces
		MemSize:  pulumi.Int(1024),   // MB, a multiple of 1024; grows in place, never shrinks
		Password: password,
		Name:     pulumi.String("go-cache"),
	})
	if err != nil {
		return err
	}

	nightly, err := tencentcloudredis.NewBackup(ctx, "nightly", &tencentcloudredis.BackupArgs{
		InstanceId: cache.InstanceId,
		Remark:     pulumi.String("nightly"),
	})
	if err != nil {
		return err
	}

	ctx.Export("instanceId", cache.InstanceId)
	ctx.Export("host", cache.Host)
	ctx.Export("port", cache.Port)
	ctx.Export("backupId", nightly.BackupId)
	return nil
}
