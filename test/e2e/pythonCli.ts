import { type PythonProject, writePythonProgram } from "../userProject/pythonProject";
import type { StackRun } from "./cli";
import { type YamlRun, yamlOp, yamlPulumi } from "./yamlCli";

/**
 * One run of `pulumi` on a Python project (see test/userProject/pythonProject.ts): the YAML runs' options, with
 * `program` the source of __main__.py. The YAML helpers do the rest: given no program they leave the project's files
 * alone and only select the stack, set its config and run the CLI.
 */
export interface PythonRun extends Omit<YamlRun, "project" | "program"> {
  project: PythonProject;
  /** __main__.py; kept as it is when absent. */
  program?: string;
}

function asYamlRun(o: PythonRun): YamlRun {
  if (o.program !== undefined) writePythonProgram(o.project, o.program);
  return { ...o, program: undefined };
}

/** Runs `pulumi <op>` (preview, up, refresh, destroy, outputs, export) on the Python project to its end. */
export function pythonOp(op: string, o: PythonRun): Promise<StackRun> {
  return yamlOp(op, asYamlRun(o));
}

/** `pulumi <args>` in the project's stack, to its end; throws with its output when it fails. */
export function pythonPulumi(o: PythonRun, args: string[]): Promise<string> {
  return yamlPulumi(asYamlRun(o), args);
}
