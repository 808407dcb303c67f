/** A URN's parts: `urn:pulumi:<stack>::<project>::<type>::<name>`. @internal */
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
