// A Proxy that answers every property with a deeper Proxy: the encoder refuses past 64 levels.
// expect: action_error
// message: nested deeper than 64 levels
exports.onExecutePostChallenge = async (event, api) => {
  const abyss = () => new Proxy({}, {
    ownKeys: () => ['down'],
    getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),
    get: () => abyss(),
  });
  api.prompt.render('p', { vars: abyss() });
};
