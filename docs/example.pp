config "redisPassword" "string" {
  secret = true
}

# A standalone Redis (type 2) of 1 GB in Guangzhou Zone 2. A new zone or type replaces it;
# more memory (a multiple of 1024 MB) is added in place. The create timeout bounds every
# wait of the purchase; an order that runs past it is resumed by the next update.
resource "cache" "tencentcloud-redis:index:Instance" {
  zoneId   = 100002
  typeId   = 2
  memSize  = 1024
  password = redisPassword
  name     = "orders-cache"

  options {
    customTimeouts = {
      create = "30m"
    }
  }
}

resource "nightly" "tencentcloud-redis:index:Backup" {
  instanceId = cache.instanceId
  remark     = "nightly"
}

output "host" {
  value = cache.host
}

output "port" {
  value = cache.port
}

# About this file. This note is at its end because the codegen makes a comment above the first block that block's
# comment in the generated code (and the YAML codegen keeps comments on config).
#
# The README's example in TypeScript, Python, Go and YAML is generated from this program (PCL, the language `pulumi
# convert` goes through) by the codegen of github.com/pulumi/pulumi/pkg/v3, and for YAML of github.com/pulumi/
# pulumi-yaml: `bash scripts/run.sh sdks` rewrites the README's blocks, and test/e2e/sdks.test.ts fails when they are
# stale. The stack is examples/yaml/Pulumi.yaml's: a Redis instance and a nightly backup of it, through the
# tencentcloud-redis provider plugin.
#
# Comments are `#` lines: the YAML codegen strips the delimiter of a comment's first line only, and keeps lines that
# start with `#` as they are. Put them right above a resource block only: the TypeScript, Python and Go codegens drop
# comments on config, outputs and attributes, and the YAML one keeps those on config and outputs.
