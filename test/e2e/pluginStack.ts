import { expect } from "vitest";
import { pluginHome } from "../userProject/yamlProject";
import { type StackOptions, type StackRun, stackOp } from "./cli";
import type { EmulatorFixture } from "./emulatorFixture";

/**
 * Runs a TypeScript program on the plugin classes in a project made by `stackDir`: the packed package as every
 * TypeScript project has it, and the plugin installed from its tarball into the PULUMI_HOME the YAML projects use.
 */
export function pluginStack(fixture: () => EmulatorFixture, program: string, password: string) {
  const run = (dir: string, op: string, config: Record<string, string> = {}, extra: Partial<StackOptions> = {}) =>
    stackOp(op, {
      program,
      dir,
      env: { ...fixture().env, PULUMI_HOME: pluginHome() },
      config,
      secretConfig: { redisPassword: password },
      ...extra,
    });
  return { run };
}

/** The run, when it succeeded (else the test fails with its output). */
export function succeeded(r: StackRun): StackRun {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}
