// A deny reason of 100 kB, over the 64 KiB cap on one api call's arguments; caught, still failed.
// expect: limit_exceeded
// message: api call arguments too large
exports.onExecutePostChallenge = async (event, api) => {
  try {
    api.access.deny('x'.repeat(100000));
  } catch (e) {
    // the cap is sticky: catching the RangeError does not clear it
  }
};
