// Getters that call the api from inside another call's arguments, caught: the nested calls are
// refused, and the protocol is intact afterwards (the next calls answer correctly).
// expect: status=denied
// deny: refused 3; cache intact: mine-value
exports.onExecutePostChallenge = async (event, api) => {
  let refused = 0;
  const sneaky = (inner) => ({
    get ttl() {
      try {
        inner();
      } catch (e) {
        if (/another api call/.test(e.message)) refused++;
      }
      return -1000; // already expired: the outer set itself writes nothing
    },
  });
  try {
    api.cache.get({
      get k() {
        try {
          api.cache.get('mine');
        } catch (e) {
          if (/another api call/.test(e.message)) refused++;
        }
        return 1;
      },
    });
  } catch (e) {
    // an object is no cache key: the host says so once the getter has run
  }
  api.cache.set('', 'v', sneaky(() => api.cache.delete('mine')));
  api.cache.set('', 'v', sneaky(() => api.access.deny('smuggled')));
  const mine = api.cache.get('mine');
  api.access.deny(`refused ${refused}; cache intact: ${mine && mine.value}`);
};
