// Preloaded by `pulumi` runs of the anchor series (NODE_OPTIONS, see anchorStrategy.ts's pollerEnv): installs the
// baseline strategy in the dynamic-provider process. The provider keeps its process state on globalThis, so the copy
// loaded here and the installed package's copy share the slot. Other processes (the program) are left alone.
if (process.argv.some((a) => a.includes("dynamic-provider"))) {
  require("tsx/cjs/api").register();
  const { anchorStrategy } = require("./anchorStrategy.ts");
  const { useWaitStrategy } = require("../provider/wait/strategy.ts");
  useWaitStrategy(anchorStrategy);
}
