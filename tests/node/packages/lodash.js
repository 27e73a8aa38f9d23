// deps: lodash@4.17.21
const _ = require('lodash');

exports.onExecutePostChallenge = async (event) => {
  const users = [{ id: 3, name: 'Cy', roles: ['admin'] }, { id: 1, name: 'Ada', roles: [] },
    { id: 2, name: 'Bo', roles: ['ops', 'admin'] }];
  console.log(_.sortBy(users, 'name').map((u) => u.id), _.keyBy(users, 'id')[2].name);
  console.log(_.countBy(_.flatMap(users, 'roles')), _.partition(users, (u) => u.roles.length));
  console.log(_.pick(event.user, ['email', 'missing']), _.omit(event.user, 'app_metadata'));
  console.log(_.cloneDeep(event.user), _.isEqual(_.cloneDeep(users), users));
  console.log(_.camelCase('password-reset post_challenge'), _.startCase('fooBar'),
    _.padStart('7', 3, '0'), _.truncate('a long sentence here', { length: 10 }));
  console.log(_.range(0, 10, 3), _.zip(['a', 'b'], [1, 2]), _.difference([1, 2, 3], [2]),
    _.intersection([1, 2], [2, 3]), _.union([1], [1, 2]), _.uniqBy([1.1, 1.2, 2.3], Math.floor));
  console.log(_.template('<%- user %> has <%= n %> <% if (n > 1) { %>items<% } %>')(
    { user: '<b>', n: 2 }));
  console.log(_.escape('<a href="x">&</a>'), _.unescape('&lt;&amp;&gt;'), _.words('fred, barney'));
  console.log(_.set({}, 'a[0].b.c', 4), _.get({ a: [{ b: 1 }] }, 'a[0].b'),
    _.has({ a: { b: 2 } }, 'a.b'), _.defaultsDeep({ a: { b: 1 } }, { a: { b: 2, c: 3 } }));
  console.log(_.isPlainObject({}), _.isPlainObject(new Date(0)), _.toPath('a[0].b'),
    _.sum([1, 2, 3]), _.meanBy([{ n: 1 }, { n: 3 }], 'n'), _.chunk('abcdefg'.split(''), 3));
};
