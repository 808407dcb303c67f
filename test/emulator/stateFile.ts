import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type EmulatorState, emptyState } from "./state";

/**
 * Loads and saves the state atomically (write a temp file, then rename), so a crash mid-write never leaves a torn
 * file behind. The file holds instance passwords (the emulator needs them to restart redis-server); it is written
 * with mode 0600 inside the emulator's own data dir.
 * @internal
 */
export class StateFile {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, "state.json");
  }

  load(): EmulatorState {
    if (!existsSync(this.path)) return emptyState();
    const parsed = JSON.parse(readFileSync(this.path, "utf8")) as Partial<EmulatorState>;
    return { ...emptyState(), ...parsed };
  }

  save(state: EmulatorState): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
