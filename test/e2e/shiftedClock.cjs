// Preloaded with NODE_OPTIONS="--require <this file>" into the node processes of one `pulumi` run (the runner and the
// dynamic provider) to move their clock forward by E2E_CLOCK_OFFSET_MS, the way a run 13 hours later would see it.
// Test-only: the provider has no clock switch of its own.
const offset = Number(process.env.E2E_CLOCK_OFFSET_MS || 0);
if (offset) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
