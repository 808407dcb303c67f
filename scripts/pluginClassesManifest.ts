/**
 * Writes dist/sdk/nodejs/package.json for the plugin classes (the TypeScript SDK generated from the schema, shipped
 * as this package's `plugin` entry): the generated SDK reads its version from a package.json beside it and asks the
 * engine for the plugin of that version. Only the name and version are kept: the generated file's
 * `pulumi.resource` section would make the nodejs language host (which reads every package.json under node_modules)
 * require the plugin for every program that installs this package, dynamic classes only included.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..");
const generated = JSON.parse(fs.readFileSync(path.join(REPO, "sdk/nodejs/package.json"), "utf8")) as {
  name: string;
  version: string;
};
const out = path.join(REPO, "dist/sdk/nodejs/package.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ name: generated.name, version: generated.version }, null, 2)}\n`);
