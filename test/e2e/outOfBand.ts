import * as api from "../../provider/api";
import { resolveSettings } from "../../provider/config";
import type { EmulatorFixture } from "./emulatorFixture";

/** A client acting outside Pulumi (a colleague in the console), for drift tests. */
export function outsideClient(fx: Pick<EmulatorFixture, "env">): api.CrsClient {
  return new api.CrsClient({ settings: resolveSettings({}, fx.env) });
}

export async function ModifyRedisName(
  fx: Pick<EmulatorFixture, "env">,
  redisId: string,
  redisName: string,
): Promise<void> {
  await api.modifyRedisName(outsideClient(fx), { redisId, redisName });
}
