// deps: uuid@11.0.5
const uuid = require('uuid');

exports.onExecutePostChallenge = async (event) => {
  console.log(uuid.v5(event.user.email, uuid.v5.URL), uuid.v3('hello', uuid.v3.DNS));
  console.log(uuid.validate('not-a-uuid'), uuid.validate(uuid.NIL), uuid.version(uuid.v4()));
  const parsed = uuid.parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
  console.log(parsed, uuid.stringify(parsed), uuid.MAX);
  console.log(uuid.v1({ msecs: 1700000000000, nsecs: 0, clockseq: 0x1234,
    node: Uint8Array.of(1, 2, 3, 4, 5, 6) }));
  console.log(uuid.v6({ msecs: 1700000000000, nsecs: 0, clockseq: 0x1234,
    node: Uint8Array.of(1, 2, 3, 4, 5, 6) }));
  console.log(uuid.v7({ msecs: 1700000000000, seq: 0x42,
    random: Uint8Array.from({ length: 16 }, (_, i) => i) }));
  try {
    uuid.parse('nope');
  } catch (e) {
    console.log(e.name, e.message);
  }
};
