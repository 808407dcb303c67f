"""A Redis instance and a backup of it, on the generated Python SDK (pulumi_tencentcloud_redis)."""

import pulumi
import pulumi_tencentcloud_redis as redis

config = pulumi.Config()

# The functions are invokes: what the account can buy.
zones = redis.get_zones_output()

cache = redis.Instance(
    "cache",
    zone_id=100002,  # Guangzhou Zone 2; changing it replaces the instance
    type_id=2,  # 1 cluster, 2 standalone; replaces
    mem_size=config.get_int("memSize") or 1024,  # MB, a multiple of 1024; grows in place, never shrinks
    period=1,  # months bought at creation
    password=config.require_secret("redisPassword"),  # pulumi config set --secret redisPassword
    name="python-cache",
    auto_renew=0,
    # Honoured by the plugin: every wait of a create ends by then; a timed-out order is resumed by the next up.
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="30m")),
)

nightly = redis.Backup("nightly", instance_id=cache.instance_id, remark="nightly")

pulumi.export("instanceId", cache.instance_id)
pulumi.export("host", cache.host)
pulumi.export("port", cache.port)
pulumi.export("status", cache.status)
pulumi.export("deadline", cache.deadline)
pulumi.export("backupId", nightly.backup_id)
pulumi.export("zonesOnSale", zones.zones.apply(lambda zs: [z.zone_id for z in zs]))
