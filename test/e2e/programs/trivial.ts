import * as pulumi from "@pulumi/pulumi";

/** A one-resource program with a trivial dynamic provider: proves the CLI → plugin → provider chain works. */
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `trivial-${inputs.label}`, outs: { ...inputs, shout: String(inputs.label).toUpperCase() } };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  declare readonly shout: pulumi.Output<string>;
  constructor(name: string, label: string) {
    super(provider, name, { label, shout: undefined }, {});
  }
}

export = async () => {
  const t = new Trivial("hello", "chain-works");
  return { shout: t.shout, id: t.id };
};
