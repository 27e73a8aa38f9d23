// deps: qs@6.13.0 ms@2.1.3 validator@13.12.0
const qs = require('qs');
const ms = require('ms');
const validator = require('validator');

exports.onExecutePostChallenge = async (event) => {
  console.log(qs.stringify({ a: { b: [1, 2] }, c: 'd e' }), qs.parse('a[b][0]=1&a[b][1]=2&c=d%20e'));
  console.log(qs.stringify({ a: [1, 2] }, { arrayFormat: 'brackets' }),
    qs.parse('a=1&a=2', { duplicates: 'last' }));
  console.log(ms('2 days'), ms('1.5h'), ms(90000), ms(90000, { long: true }));
  console.log(validator.isEmail(event.user.email), validator.isIP('10.0.0.1', 4),
    validator.isUUID('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), validator.normalizeEmail('A.B+c@GMAIL.com'),
    validator.escape('<x>'), validator.isStrongPassword('Abcdef1!'));
};
