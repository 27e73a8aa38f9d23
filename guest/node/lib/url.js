'use strict';
// node:url. URL and URLSearchParams are internal/url (Ada, Node's parser, on the host); the
// legacy url.parse/format/resolve are internal/url_legacy (Node 20's), loaded only when one
// of them is called.
const { URL, URLSearchParams } = require('internal/url');

const legacy = () => require('internal/url_legacy');

function fileURLToPath(path) {
  const { codes, makeNodeError } = require('internal/errors');
  const url = typeof path === 'string' ? new URL(path) : path;
  if (!(url instanceof URL)) throw new codes.ERR_INVALID_ARG_TYPE('path', ['string', 'URL'], path);
  if (url.protocol !== 'file:') {
    throw makeNodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  }
  if (url.hostname !== '') {
    throw makeNodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST',
      'File URL host must be "localhost" or empty on linux');
  }
  const { pathname } = url;
  if (/%2f/i.test(pathname)) {
    throw makeNodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH',
      'File URL path must not include encoded / characters');
  }
  return decodeURIComponent(pathname);
}

function pathToFileURL(filepath) {
  const path = require('path');
  let resolved = path.resolve(filepath);
  if (filepath.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const url = new URL('file://');
  url.pathname = resolved.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D')
    .replace(/\t/g, '%09');
  return url;
}

function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url, // an URL object extended by the caller keeps its own properties
    protocol: url.protocol,
    hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  };
  if (port !== '') options.port = Number(port);
  if (username || password) {
    options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  }
  return options;
}

function domainToASCII(domain) {
  try {
    return new URL(`ws://${domain}`).hostname;
  } catch {
    return '';
  }
}

function domainToUnicode(domain) {
  const ascii = domainToASCII(domain);
  if (ascii === '') return '';
  return require('punycode').toUnicode(ascii);
}

module.exports = {
  URL,
  URLSearchParams,
  Url(...args) {
    return Reflect.construct(legacy().Url, args, new.target || legacy().Url);
  },
  parse: (...args) => legacy().parse(...args),
  format(urlObject, options) {
    if (urlObject instanceof URL) {
      const o = { auth: true, fragment: true, search: true, unicode: false, ...options };
      let out = `${urlObject.protocol}${urlObject.host || urlObject.protocol === 'file:' ? '//' : ''}`;
      if (o.auth && (urlObject.username || urlObject.password)) {
        out += urlObject.username + (urlObject.password ? `:${urlObject.password}` : '') + '@';
      }
      out += o.unicode ? domainToUnicode(urlObject.host) : urlObject.host;
      out += urlObject.pathname;
      if (o.search) out += urlObject.search;
      if (o.fragment) out += urlObject.hash;
      return out;
    }
    return legacy().format(urlObject);
  },
  resolve: (...args) => legacy().resolve(...args),
  resolveObject: (...args) => legacy().resolveObject(...args),
  fileURLToPath,
  pathToFileURL,
  urlToHttpOptions,
  domainToASCII,
  domainToUnicode,
};
