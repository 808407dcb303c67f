/**
 * A URN's parts: `urn:pulumi:<stack>::<project>::<type>::<name>`. The plugin host names resources by URN; the core
 * reads one back only to name a resource in a message.
 * @internal
 */
export interface UrnParts {
  stack: string;
  project: string;
  type: string;
  name: string;
}

/** @internal */
export function parseUrn(urn: string): UrnParts {
  const [stack = "", project = "", type = "", ...name] = urn.replace(/^urn:pulumi:/, "").split("::");
  return { stack, project, type, name: name.join("::") };
}
