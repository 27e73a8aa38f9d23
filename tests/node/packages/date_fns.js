// deps: date-fns@3.6.0
const df = require('date-fns');

exports.onExecutePostChallenge = async () => {
  const d = df.parseISO('2024-02-28T21:45:30.123Z');
  console.log(df.formatISO(df.addDays(d, 2)), df.formatISO(df.addMonths(d, 1)));
  console.log(df.format(d, 'yyyy-MM-dd HH:mm:ss.SSS'), df.format(d, "EEEE, MMMM do yyyy 'at' h a"));
  console.log(df.format(d, 'QQQ wo II RRRR'), df.getISOWeek(d), df.getDayOfYear(d));
  console.log(df.differenceInDays(df.parseISO('2024-03-10'), d),
    df.differenceInBusinessDays(df.parseISO('2024-03-10'), d),
    df.differenceInMinutes(df.addHours(d, 5), d));
  console.log(df.isLeapYear(d), df.isWeekend(d), df.isBefore(d, df.addSeconds(d, 1)));
  console.log(df.formatDistanceStrict(d, df.addDays(d, 40)), df.formatDuration(
    { years: 1, months: 2, days: 3 }));
  console.log(df.eachDayOfInterval({ start: d, end: df.addDays(d, 3) }).map((x) => x.getUTCDate()));
  console.log(df.startOfMonth(d).toISOString(), df.endOfWeek(d, { weekStartsOn: 1 }).toISOString());
  console.log(df.parse('03/04/2021 10:20', 'dd/MM/yyyy HH:mm', new Date(0)).toISOString());
  console.log(df.intervalToDuration({ start: 0, end: 90061000 }), df.secondsToHours(7300));
};
