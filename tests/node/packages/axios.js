// deps: axios@1.7.9
const axios = require('axios');

exports.onExecutePostChallenge = async () => {
  const client = axios.create({ baseURL: 'https://api.example.com/v1/', params: { a: 1 } });
  console.log(client.getUri({ url: 'users', params: { q: 'x y', list: [1, 2] } }));
  console.log(axios.getUri({ url: 'https://example.com/p', params: { d: new Date(0) } }));
  const err = new axios.AxiosError('nope', 'ERR_BAD_REQUEST', { url: '/x' });
  console.log(err.name, err.code, err.message, axios.isAxiosError(err), err.toJSON().config);
  console.log(axios.isCancel(new axios.CanceledError()), typeof axios.all, axios.VERSION);
  console.log(axios.HttpStatusCode.TooManyRequests, axios.mergeConfig(
    { headers: { a: '1' }, timeout: 5 }, { headers: { b: '2' } }).headers);
  const headers = new axios.AxiosHeaders({ 'Content-Type': 'application/json', 'X-A': 'b' });
  console.log(headers.get('content-type'), headers.has('x-a'), headers.toJSON());
};
