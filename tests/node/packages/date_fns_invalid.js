// deps: date-fns@3.6.0
// known: QuickJS-ng's Date setters given NaN return NaN but keep the old time (set_date_field skips the store), so parseISO('nope') is 1970-01-01, not an Invalid Date
const df = require('date-fns');

exports.onExecutePostChallenge = async () => {
  console.log(df.isValid(df.parseISO('nope')), String(df.parseISO('2024-13-45')));
};
