// Entry point for `pulumi up` with a regular Pulumi installation. Pulumi calls an exported async function and
// exports what it returns as the stack outputs.
import program from "./index";

export = program;
