import * as pulumi from "@pulumi/pulumi";

/**
 * The engine's floor for the preview bench: `count` trivial dynamic resources (a provider that does nothing), the
 * same number of resources as the instance stack, each with a few inputs and outputs.
 */
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `trivial-${inputs.index}`, outs: { ...inputs, host: "127.0.0.1", port: 6379 } };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  declare readonly host: pulumi.Output<string>;
  constructor(name: string, index: number) {
    super(provider, name, { index, zoneId: 100002, typeId: 2, memSize: 1024, host: undefined, port: undefined }, {});
  }
}

export = async () => {
  const count = new pulumi.Config().requireNumber("count");
  const hosts: pulumi.Output<string>[] = [];
  for (let i = 0; i < count; i++) hosts.push(new Trivial(`trivial-${i}`, i).host);
  return { count: hosts.length };
};
