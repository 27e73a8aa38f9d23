// == createHash: digests of fixed input in every encoding
const crypto = require('crypto');
for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-256', 'sha3-256', 'blake2b512', 'ripemd160', 'RSA-SHA256', 'SHA256', 'sha-256']) {
  console.log(alg, crypto.createHash(alg).update('hello world').digest('hex'));
}
const h = crypto.createHash('sha256').update('héllo').update(Buffer.from([1, 2, 3]));
console.log(h.digest('base64'), crypto.createHash('sha1').update('x').digest('base64url'));
console.log(crypto.createHash('md5').update('a').digest(), crypto.createHash('md5').update('a').digest('latin1').length);
// == createHash: input encodings, typed arrays and views
const crypto = require('crypto');
const d = (x, enc) => crypto.createHash('sha256').update(x, enc).digest('hex').slice(0, 16);
console.log(d('ff00', 'hex'), d('aGk=', 'base64'), d('aGk', 'base64url'), d('é', 'latin1'), d('é', 'binary'), d('ab', 'ucs2'), d('ab', 'utf16le'));
console.log(d(new Uint16Array([1, 2])), d(new DataView(new ArrayBuffer(3))), d(new Float64Array([1.5])), d('\ud800'), d('x', 'nope'));
// == createHash: copy, shake output length, digest twice
const crypto = require('crypto');
const a = crypto.createHash('sha256').update('a');
const b = a.copy();
a.update('b');
console.log(a.digest('hex'), b.digest('hex'));
console.log(crypto.createHash('shake256', { outputLength: 5 }).update('a').digest('hex'), crypto.createHash('shake128').update('a').digest('hex'));
console.log(crypto.createHash('shake128').copy({ outputLength: 4 }).digest('hex'));
try { a.digest(); } catch (e) { console.log(e.name, e.code, e.message); }
try { a.update('x'); } catch (e) { console.log(e.name, e.code, e.message); }
try { a.copy(); } catch (e) { console.log(e.name, e.code, e.message); }
// == createHash: argument errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.createHash('nope'));
t(() => crypto.createHash(1));
t(() => crypto.createHash('sha256').update(null));
t(() => crypto.createHash('sha256').update({}));
t(() => crypto.createHash('sha256').update(function foo() {}));
t(() => crypto.createHash('sha256').update(Symbol('x')));
t(() => crypto.createHash('sha256').update(1n));
t(() => crypto.createHash('sha256').update(Object.create(null)));
t(() => crypto.createHash('sha256').update(new ArrayBuffer(2)));
t(() => crypto.createHash('sha256').update('a'.repeat(40)).update(true));
t(() => crypto.createHash('sha256', { outputLength: 5 }));
t(() => crypto.createHash('sha256', { outputLength: 'x' }));
t(() => crypto.createHash('shake256', { outputLength: -1 }));
// == createHash: large inputs go through host streams
const crypto = require('crypto');
const big = new Uint8Array(300000).fill(7);
console.log(crypto.createHash('sha256').update(big).digest('hex'));
const h = crypto.createHash('sha1');
for (let i = 0; i < 50; i++) h.update('x'.repeat(5000) + i);
const c = h.copy();
console.log(h.digest('hex'), c.update('tail').digest('hex'));
console.log(crypto.createHash('sha512').update('é'.repeat(100000)).digest('base64'));
console.log(crypto.createHmac('sha256', 'k').update(big).update(big).digest('hex'));
// == hash(): the one-shot
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.hash('sha1', 'abc'));
t(() => crypto.hash('md5', Buffer.from('abc'), 'base64'));
t(() => crypto.hash('sha256', 'abc', 'buffer'));
t(() => crypto.hash('nope', 'a'));
t(() => crypto.hash('sha256', 1));
t(() => crypto.hash('sha256', 'a', 'nope'));
t(() => crypto.hash('sha256', 'a', 1));
t(() => crypto.hash(1, 'a'));
// == createHmac: digests, keys of every kind, errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
for (const alg of ['sha1', 'sha256', 'sha512', 'md5', 'RSA-SHA256', 'sha3-256']) {
  t(() => `${alg} ${crypto.createHmac(alg, 'secret').update('data').digest('hex')}`);
}
t(() => crypto.createHmac('sha256', Buffer.from('k')).update('a').digest('base64'));
t(() => crypto.createHmac('sha256', crypto.createSecretKey(Buffer.from('k'))).update('a').digest('hex'));
t(() => crypto.createHmac('sha256', new Uint8Array([107])).update('a').digest('hex'));
t(() => crypto.createHmac('sha256', 'k').digest('latin1').length);
const h = crypto.createHmac('sha256', 'k'); h.update('a');
t(() => h.digest('hex')); t(() => JSON.stringify(h.digest('hex'))); t(() => h.digest()); t(() => h.update('b'));
t(() => crypto.createHmac('nope', 'k'));
t(() => crypto.createHmac('sha256'));
t(() => crypto.createHmac('sha256', 5));
t(() => crypto.createHmac('sha256', crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`)));
// == timingSafeEqual
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abc')));
t(() => crypto.timingSafeEqual(Buffer.from('abc'), Buffer.from('abd')));
t(() => crypto.timingSafeEqual(new Uint16Array([1]), Buffer.from([1, 0])));
t(() => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')));
t(() => crypto.timingSafeEqual('a', Buffer.from('ab')));
t(() => crypto.timingSafeEqual(Buffer.from('ab'), 'a'));
// == randomness: shapes and argument errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.randomBytes(8).length);
t(() => crypto.randomBytes(70000).length);
t(() => crypto.randomBytes(0));
t(() => crypto.randomBytes(1.5).length);
t(() => crypto.randomBytes(-1));
t(() => crypto.randomBytes('a'));
t(() => crypto.randomBytes(2 ** 31));
t(() => crypto.randomBytes(3, 5));
t(() => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
t(() => crypto.randomUUID({ disableEntropyCache: 1 }));
t(() => crypto.randomUUID(5));
t(() => { const n = crypto.randomInt(10); return n >= 0 && n < 10 && Number.isInteger(n); });
t(() => { const n = crypto.randomInt(-5, -3); return n === -5 || n === -4; });
t(() => crypto.randomInt(10, 5));
t(() => crypto.randomInt(1.5));
t(() => crypto.randomInt(2 ** 48));
t(() => crypto.randomInt(0));
t(() => crypto.randomInt(0, 2 ** 48 + 1));
t(() => crypto.randomInt(-(2 ** 53), 0));
t(() => crypto.randomInt(1, 2, 3));
t(() => crypto.randomFillSync(new Uint32Array(3), 1).length);
t(() => crypto.randomFillSync(new ArrayBuffer(3)).byteLength);
t(() => crypto.randomFillSync(new Uint8Array(4), 5));
t(() => crypto.randomFillSync(new Uint8Array(4), 1, 5));
t(() => crypto.randomFillSync(Buffer.alloc(3), 'a'));
t(() => crypto.randomFillSync('x'));
t(() => crypto.randomFill(new Uint8Array(3)));
const z = new Uint8Array(4); crypto.randomFillSync(z, 2, 0); t(() => z.join());
// == randomness: getRandomValues and its DOMExceptions
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.getRandomValues(new Uint8Array(4)).length);
t(() => crypto.getRandomValues(new BigUint64Array(2)).length);
t(() => globalThis.crypto.getRandomValues(new Int32Array(16384)).length);
t(() => globalThis.crypto.getRandomValues(new Uint8Array(65537)));
t(() => globalThis.crypto.getRandomValues(new Float32Array(2)));
t(() => globalThis.crypto.getRandomValues(new DataView(new ArrayBuffer(1))));
t(() => globalThis.crypto.getRandomValues(1));
t(() => globalThis.crypto.getRandomValues());
t(() => globalThis.crypto.getRandomValues.call({}, new Uint8Array(2)));
t(() => crypto.getRandomValues.call({}, new Uint8Array(2)).length);
t(() => globalThis.crypto === crypto.webcrypto && crypto.subtle === crypto.webcrypto.subtle);
t(() => typeof globalThis.crypto.randomUUID());
// == randomness: callbacks arrive later
const crypto = require('crypto');
await new Promise((resolve) => {
  crypto.randomBytes(4, (err, buf) => {
    console.log('bytes', err, buf.length);
    crypto.randomInt(3, (err2, n) => {
      console.log('int', err2, n >= 0 && n < 3);
      crypto.randomFill(new Uint8Array(2), (err3, buf3) => { console.log('fill', err3, buf3.length); resolve(); });
    });
  });
  console.log('sync first');
});
// == pbkdf2, hkdf, scrypt: known answers
const crypto = require('crypto');
console.log(crypto.pbkdf2Sync('password', 'salt', 1000, 32, 'sha256').toString('hex'));
console.log(crypto.pbkdf2Sync(Buffer.from('p'), new Uint8Array([1, 2]), 1, 70, 'sha512').toString('base64'));
console.log(crypto.pbkdf2Sync('p', 's', 1, 0, 'sha1'));
console.log(Buffer.from(crypto.hkdfSync('sha256', 'key', 'salt', 'info', 42)).toString('hex'));
console.log(crypto.hkdfSync('sha256', '', 's', 'i', 8), crypto.hkdfSync('sha256', crypto.createSecretKey(Buffer.from('k')), 's', 'i', 8));
console.log(crypto.scryptSync('password', 'salt', 16).toString('hex'));
console.log(crypto.scryptSync('p', 's', 8, { N: 16, r: 1, p: 1 }).toString('hex'), crypto.scryptSync('p', 's', 8, { cost: 16, blockSize: 1, parallelization: 1 }).toString('hex'));
await new Promise((resolve) => crypto.pbkdf2('p', 's', 1, 8, 'sha1', (err, key) => { console.log(err, key.toString('hex')); resolve(); }));
await new Promise((resolve) => crypto.hkdf('sha1', 'k', 's', 'i', 8, (err, key) => { console.log(err, key); resolve(); }));
await new Promise((resolve) => crypto.scrypt('p', 's', 8, (err, key) => { console.log(err, key.toString('hex')); resolve(); }));
// == pbkdf2, hkdf, scrypt: argument errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.pbkdf2Sync('p', 's', 0, 32, 'sha256'));
t(() => crypto.pbkdf2Sync('p', 's', 1, 32, 'nope'));
t(() => crypto.pbkdf2Sync('p', 's', 1, 32));
t(() => crypto.pbkdf2Sync('p', 's', 1, -1, 'sha1'));
t(() => crypto.pbkdf2Sync('p', 's', 1.5, 8, 'sha1'));
t(() => crypto.pbkdf2Sync(5, 's', 1, 8, 'sha1'));
t(() => crypto.pbkdf2Sync('p', 's', 1, 8, 'shake128'));
t(() => crypto.pbkdf2('p', 's', 1, 32, 'sha1'));
t(() => crypto.hkdfSync('sha256', 'k', 's', 'i', 255 * 32 + 1));
t(() => crypto.hkdfSync('nope', 'k', 's', 'i', 32));
t(() => crypto.hkdfSync('shake128', 'k', 's', 'i', 8));
t(() => crypto.hkdfSync('sha256', 5, 's', 'i', 8));
t(() => crypto.hkdfSync('sha256', 'k', 5, 'i', 8));
t(() => crypto.hkdfSync('sha256', 'k', 's', 'i'.repeat(1025), 8));
t(() => crypto.hkdfSync('sha256', 'k', 's', 'i', -1));
t(() => crypto.scryptSync('p', 's', 16, { N: 3 }));
t(() => crypto.scryptSync('p', 's', 8, { N: 16, cost: 16 }));
t(() => crypto.scryptSync('p', 's', -1));
// == keys: PEM in every form, types and details
const crypto = require('crypto');
const rsa = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`);
console.log(rsa.type, rsa.asymmetricKeyType, rsa.asymmetricKeyDetails, rsa.symmetricKeySize);
const pub = crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`);
console.log(pub.type, pub.asymmetricKeyType, pub.asymmetricKeyDetails);
console.log(crypto.createPublicKey(rsa).equals(pub), rsa.equals(crypto.createPrivateKey(`-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh/oIRY/gxDZHHrmkHbVEZ8xR5
Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICuxrJH/UEkQuPYqNd8YsYs9vWg
vpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5ZK9mYCbPu7NPsuBb2LwIDAQAB
AoGBAIEShrobLegLW9HAecH4dRq5UymKgVFIKPTTEM5pU2BA+dz9+BYhR+gj8/SG
oe4rEN7Kv73DFA2Q4EDqKR7DGOTp+oLkNqeB2iNbZmZrdNxcF31UU+fGAz1DpUdN
r5FWPxBS16mAxHrdVB1jHMzH0X0kZrnFcKrdv2QAi0HgsG6BAkEA+5NhCnfLOGXk
tlmlG1hprit9CWp+YQcnzrchZAKeZvFYi2FlaYKyaYD2cAI2V385wdB9I41MbI3J
XU2nOJT+gwJBAMyiosB0c6lKB58tMl93biKddCozbDaJx6X7WCV1c+pGZ8cAZGbF
HkGbdKg8/o+T6CZpLBkthdqgu1MPEbgRmeUCQD995pPZv/Qv4xUSctT/70wBtcDW
m6apQ6asGUVAU/HvH0WuAwYp8hUmcwu5wzU56r27fJmoY41SC2v82SMylzkCQDhP
YJ247cLd3i8NDtl6UdIwpbCfKd3wGAIyodTc9yK2cQQvtXEaOPMwxe8tqZb0ymMX
ec0L29OHe0Sl1uhh34kCQA5AzfJHGmfO82d5BwEh6k4gDq8haLWmSwC6MHxh/k1i
r49XK7Ku3nFLiO4tZE2X0uyb9AucrL7Loio6nw3cWe4=
-----END RSA PRIVATE KEY-----`)), rsa.equals(pub));
const ec = crypto.createPrivateKey(`-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIIEgIbXz3duQUgtJKnffJU9UilursiwsmdJMsFkuVm3xoAoGCCqGSM49
AwEHoUQDQgAEWaqxqairE+idTZ7Uz9TUrFojvE/B35lpfa4adAeIZsD+UhBXrtkK
uBZuvXyn/LacO1fShwo8CgI6qnjRtirECA==
-----END EC PRIVATE KEY-----`);
console.log(ec.asymmetricKeyType, ec.asymmetricKeyDetails, ec.equals(crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`)));
const ed = crypto.createPublicKey(`-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`);
console.log(ed.type, ed.asymmetricKeyType, ed.asymmetricKeyDetails, ed.export({ format: 'pem', type: 'spki' }));
console.log(crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWaqxqairE+idTZ7Uz9TUrFojvE/B
35lpfa4adAeIZsD+UhBXrtkKuBZuvXyn/LacO1fShwo8CgI6qnjRtirECA==
-----END PUBLIC KEY-----`).export({ format: 'der', type: 'spki' }).toString('base64'));
console.log(Object.getOwnPropertySymbols(pub).map(String), Object.getOwnPropertySymbols(ec).map(String));
// == keys: export to PEM, DER and JWK
const crypto = require('crypto');
const rsa = crypto.createPrivateKey(`-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh/oIRY/gxDZHHrmkHbVEZ8xR5
Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICuxrJH/UEkQuPYqNd8YsYs9vWg
vpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5ZK9mYCbPu7NPsuBb2LwIDAQAB
AoGBAIEShrobLegLW9HAecH4dRq5UymKgVFIKPTTEM5pU2BA+dz9+BYhR+gj8/SG
oe4rEN7Kv73DFA2Q4EDqKR7DGOTp+oLkNqeB2iNbZmZrdNxcF31UU+fGAz1DpUdN
r5FWPxBS16mAxHrdVB1jHMzH0X0kZrnFcKrdv2QAi0HgsG6BAkEA+5NhCnfLOGXk
tlmlG1hprit9CWp+YQcnzrchZAKeZvFYi2FlaYKyaYD2cAI2V385wdB9I41MbI3J
XU2nOJT+gwJBAMyiosB0c6lKB58tMl93biKddCozbDaJx6X7WCV1c+pGZ8cAZGbF
HkGbdKg8/o+T6CZpLBkthdqgu1MPEbgRmeUCQD995pPZv/Qv4xUSctT/70wBtcDW
m6apQ6asGUVAU/HvH0WuAwYp8hUmcwu5wzU56r27fJmoY41SC2v82SMylzkCQDhP
YJ247cLd3i8NDtl6UdIwpbCfKd3wGAIyodTc9yK2cQQvtXEaOPMwxe8tqZb0ymMX
ec0L29OHe0Sl1uhh34kCQA5AzfJHGmfO82d5BwEh6k4gDq8haLWmSwC6MHxh/k1i
r49XK7Ku3nFLiO4tZE2X0uyb9AucrL7Loio6nw3cWe4=
-----END RSA PRIVATE KEY-----`);
console.log(rsa.export({ format: 'pem', type: 'pkcs8' }));
console.log(rsa.export({ format: 'pem', type: 'pkcs1' }));
console.log(rsa.export({ format: 'der', type: 'pkcs1' }).length, rsa.export({ format: 'jwk' }));
const pub = crypto.createPublicKey(rsa);
console.log(pub.export({ format: 'pem', type: 'pkcs1' }), pub.export({ format: 'jwk' }));
const ec = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`);
console.log(ec.export({ format: 'pem', type: 'sec1' }), ec.export({ format: 'jwk' }), crypto.createPublicKey(ec).export({ format: 'jwk' }));
const ed = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`);
console.log(ed.export({ format: 'jwk' }), crypto.createPublicKey(ed).export({ format: 'jwk' }));
const s = crypto.createSecretKey(Buffer.from('abc'));
console.log(s.export(), s.export({ format: 'jwk' }), s.symmetricKeySize, s.type, s.asymmetricKeyType);
// == keys: JWK import round trips
const crypto = require('crypto');
const jwk = { kty: 'EC', x: 'WaqxqairE-idTZ7Uz9TUrFojvE_B35lpfa4adAeIZsA', y: '_lIQV67ZCrgWbr18p_y2nDtX0ocKPAoCOqp40bYqxAg', crv: 'P-256', d: 'gSAhtfPd25BSC0kqd98lT1SKW6uyLCyZ0kywWS5WbfE' };
const priv = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
const pub = crypto.createPublicKey({ key: jwk, format: 'jwk' });
console.log(priv.type, pub.type, priv.export({ format: 'pem', type: 'pkcs8' }), pub.export({ format: 'pem', type: 'spki' }));
const rsa = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`).export({ format: 'jwk' });
const back = crypto.createPrivateKey({ key: rsa, format: 'jwk' });
console.log(back.equals(crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`)), crypto.createPublicKey({ key: rsa, format: 'jwk' }).asymmetricKeyDetails);
const ed = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: '_sjocbT5EyFeXhjqT5jx-MseNhxH0DPkC76ZhqqmoWc' }, format: 'jwk' });
console.log(ed.export({ format: 'pem', type: 'spki' }));
// == keys: argument and format errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
t(() => crypto.createPrivateKey('garbage'));
t(() => crypto.createPublicKey(''));
t(() => crypto.createPublicKey(Buffer.from([1, 2, 3])));
t(() => crypto.createPublicKey({ key: Buffer.from([1, 2, 3]), format: 'der' }));
t(() => crypto.createPrivateKey(`-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`));
t(() => crypto.createPublicKey({ key: { kty: 'oct', k: 'AA' }, format: 'jwk' }));
t(() => crypto.createPublicKey({ key: { kty: 'RSA' }, format: 'jwk' }));
t(() => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-999' }, format: 'jwk' }));
t(() => crypto.createPublicKey({ key: 'x', format: 'jwk' }));
t(() => crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, format: 'jwk' }));
t(() => crypto.createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }, format: 'jwk' }));
t(() => crypto.createSecretKey('abc', 'hex').symmetricKeySize);
t(() => crypto.createSecretKey(5));
t(() => crypto.createPublicKey(5));
t(() => crypto.createPrivateKey(crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`)));
t(() => crypto.createPublicKey(crypto.createSecretKey(Buffer.from('abc'))));
t(() => crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`).export());
t(() => crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`).export({ format: 'pem' }));
t(() => crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`).export({ format: 'pem', type: 'pkcs8' }));
t(() => crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`).export({ format: 'pem', type: 'pkcs1' }));
t(() => crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc' }));
t(() => crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`).export({ format: 'jwk', passphrase: 'x' }));
t(() => crypto.createPublicKey(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`).equals(5));
t(() => crypto.createSecretKey(Buffer.from('abc')).export({ format: 'nope' }));
t(() => crypto.KeyObject.from(1));
t(() => Object.prototype.toString.call(crypto.createSecretKey(Buffer.from('a'))));
// == keys: encrypted private keys round trip
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const key = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`);
const enc8 = key.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' });
const enc1 = key.export({ format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase: Buffer.from('pw') });
console.log(enc8.split('\n')[0], enc1.split('\n').slice(0, 2).join('|'));
t(() => crypto.createPrivateKey({ key: enc8, passphrase: 'pw' }).equals(key));
t(() => crypto.createPrivateKey({ key: enc1, passphrase: 'pw' }).equals(key));
t(() => crypto.createPrivateKey({ key: enc8, passphrase: 'bad' }));
t(() => crypto.createPrivateKey(enc8));
t(() => crypto.createPublicKey(enc8));
t(() => crypto.createPrivateKey({ key: `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`, passphrase: 'unused' }).type);
// == sign and verify: RSA PKCS#1 v1.5 is deterministic
const crypto = require('crypto');
const key = `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`;
const pub = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`;
for (const alg of ['RSA-SHA256', 'sha256', 'SHA512', 'sha1', 'sha256WithRSAEncryption']) {
  console.log(alg, crypto.createSign(alg).update('hello').sign(key, 'base64'));
}
const s = crypto.createSign('sha256'); s.write('hel'); s.end('lo');
const sig = s.sign(crypto.createPrivateKey(key));
console.log(sig.toString('hex'));
console.log(crypto.createVerify('sha256').update('hello').verify(pub, sig), crypto.createVerify('sha256').update('hellO').verify(pub, sig));
console.log(crypto.createVerify('RSA-SHA256').update('hello').verify(key, sig.toString('base64'), 'base64'));
console.log(crypto.sign('sha256', Buffer.from('hello'), key).equals(sig), crypto.sign(null, Buffer.from('hello'), key).equals(sig), crypto.sign(undefined, 'hello', key).equals(sig));
console.log(crypto.verify('sha256', Buffer.from('hello'), pub, sig), crypto.verify(null, Buffer.from('hello'), { key: pub }, sig));
const big = crypto.createSign('sha256');
for (let i = 0; i < 30; i++) big.update('y'.repeat(10000));
const bigSig = big.sign(key, 'hex');
console.log(bigSig.slice(0, 32), crypto.verify('sha256', new Uint8Array(300000).fill(121), pub, Buffer.from(bigSig, 'hex')));
// == sign and verify: ECDSA, PSS and EdDSA signatures node made
const crypto = require('crypto');
const der = Buffer.from('MEUCIEfZPLtDGPfYkOjz0kT1wxmD5heHM+r+j94aUsdV5hA0AiEAqm9uuYyj1kCC1lOAfQXxniRE7qs3C9qPinzaKRI+n4Q=', 'base64');
const p1363 = Buffer.from('OgabY3IwhW+pqwtK8tM535hQGJbD0/PbMyXJDGFZc81SNRqL7GidTh/koGyye8wndifoxqSQnbGSSNsQmh9tqA==', 'base64');
const pss = Buffer.from('ujsBfv3HIpP66ne/CDCHzlQsKKjlvQX8OfxtAZGjm1wSEedYyeEDQT2NgOW5vxym5NdjsNAf/5iNou0nK9rBbEk77COtTCwpq11KERkPXl8mzc0UszVtijNQSSpDPON0e7fG7tLphL7U9l3tfdfwAIjps/PxXCys7MAIo8s4/PU=', 'base64');
const ec = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWaqxqairE+idTZ7Uz9TUrFojvE/B
35lpfa4adAeIZsD+UhBXrtkKuBZuvXyn/LacO1fShwo8CgI6qnjRtirECA==
-----END PUBLIC KEY-----`;
const rsa = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`;
console.log(crypto.verify('sha256', Buffer.from('hello'), ec, der), crypto.verify('sha256', Buffer.from('hellO'), ec, der));
console.log(crypto.verify('sha256', Buffer.from('hello'), { key: ec, dsaEncoding: 'ieee-p1363' }, p1363), crypto.verify('sha256', Buffer.from('hello'), ec, p1363));
console.log(crypto.createVerify('sha256').update('hello').verify({ key: ec, dsaEncoding: 'ieee-p1363' }, p1363));
console.log(crypto.verify('sha256', Buffer.from('hello'), { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING }, pss));
console.log(crypto.verify('sha256', Buffer.from('hello'), { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 10 }, pss));
console.log(crypto.verify('sha256', Buffer.from('hello'), { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO }, pss));
const ed = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`;
const edSig = crypto.sign(null, Buffer.from('hello'), ed);
console.log(edSig.toString('hex'), crypto.verify(null, Buffer.from('hello'), `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`, edSig), crypto.verify(undefined, Buffer.from('x'), `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/sjocbT5EyFeXhjqT5jx+MseNhxH0DPkC76ZhqqmoWc=
-----END PUBLIC KEY-----`, edSig));
// == sign and verify: round trips with fresh signatures
const crypto = require('crypto');
const data = Buffer.from('payload');
const ec = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`);
for (const enc of ['der', 'ieee-p1363']) {
  const sig = crypto.sign('sha384', data, { key: ec, dsaEncoding: enc });
  console.log(enc, crypto.verify('sha384', data, { key: crypto.createPublicKey(ec), dsaEncoding: enc }, sig), enc === 'der' || sig.length);
}
const rsa = crypto.createPrivateKey(`-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`);
for (const saltLength of [undefined, 0, 20, crypto.constants.RSA_PSS_SALTLEN_DIGEST, crypto.constants.RSA_PSS_SALTLEN_MAX_SIGN]) {
  const sig = crypto.sign('sha256', data, { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength });
  console.log(saltLength, sig.length, crypto.verify('sha256', data, { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength }, sig));
}
const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
const s2 = crypto.createSign('sha384').update(data).sign(pair.privateKey);
console.log(crypto.createVerify('sha384').update(data).verify(pair.publicKey, s2), pair.publicKey.asymmetricKeyDetails);
// == sign and verify: errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const rsa = `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`;
t(() => crypto.createSign('nope'));
t(() => crypto.createSign('ecdsa-with-SHA256'));
t(() => crypto.createSign(5));
t(() => crypto.createSign('shake128').update('x').sign(rsa));
t(() => crypto.createSign('sha256').update('x').sign({ key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kq
d98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8Hf
mWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI
-----END PRIVATE KEY-----`, dsaEncoding: 'nope' }));
t(() => crypto.createSign('sha256').update('x').sign(`-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`));
t(() => crypto.createSign('sha256').update('x').sign('garbage'));
t(() => crypto.createSign('sha256').update('x').sign(`-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`));
t(() => crypto.createSign('sha256').update('x').sign());
t(() => crypto.createSign('sha256').update('x').sign(123));
t(() => crypto.createSign('sha256').update(5));
t(() => crypto.createVerify('sha256').update('x').verify(`-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`, 5));
t(() => crypto.createVerify('sha256').update('x').verify(`-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`, 'AAAA', 'base64'));
t(() => crypto.createVerify('sha256').update('x').verify(`-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWaqxqairE+idTZ7Uz9TUrFojvE/B
35lpfa4adAeIZsD+UhBXrtkKuBZuvXyn/LacO1fShwo8CgI6qnjRtirECA==
-----END PUBLIC KEY-----`, Buffer.alloc(3)));
t(() => crypto.sign('nope', 'x', rsa));
t(() => crypto.sign(1, 'x', rsa));
t(() => crypto.sign('sha256', 'x'));
t(() => crypto.sign('sha256', 1, rsa));
t(() => crypto.sign('sha256', 'x', rsa, 5));
t(() => crypto.sign('sha256', Buffer.from('x'), `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`));
t(() => crypto.sign('sha256', 'x', { key: rsa, padding: 99 }));
t(() => crypto.sign('sha256', 'x', { key: rsa, padding: 'x' }));
t(() => crypto.sign('sha256', 'x', { key: rsa, saltLength: 'x' }));
t(() => crypto.sign('sha256', 'x', { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 200 }));
t(() => crypto.verify('sha256', 'x', `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`, 'sig'));
t(() => crypto.verify('sha256', 'x', `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`));
t(() => crypto.verify('nope', 'x', `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`, Buffer.alloc(1)));
// == sign with callbacks
const crypto = require('crypto');
const key = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`;
await new Promise((resolve) => crypto.sign(null, Buffer.from('a'), key, (err, sig) => {
  console.log(err, sig.length);
  crypto.verify(null, Buffer.from('a'), crypto.createPublicKey(key), sig, (err2, ok) => { console.log(err2, ok); resolve(); });
}));
// == RSA encryption round trips
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const key = `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoi
inuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrg
zbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar
+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlT
KYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6
guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRm
ucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m
8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0y
X3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8R
uBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZz
C7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAY
AjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kca
Z87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ys
vsuiKjqfDdxZ7g==
-----END PRIVATE KEY-----`;
const pub = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh
/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICu
xrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5Z
K9mYCbPu7NPsuBb2LwIDAQAB
-----END PUBLIC KEY-----`;
t(() => crypto.privateDecrypt(key, crypto.publicEncrypt(pub, Buffer.from('hi'))).toString());
t(() => crypto.privateDecrypt({ key, oaepHash: 'sha256' }, crypto.publicEncrypt({ key: pub, oaepHash: 'sha256' }, Buffer.from('hi'))).toString());
t(() => crypto.privateDecrypt({ key, oaepHash: 'sha256', oaepLabel: Buffer.from('l') }, crypto.publicEncrypt({ key: pub, oaepHash: 'sha256', oaepLabel: Buffer.from('l') }, Buffer.from('hi'))).toString());
t(() => crypto.publicEncrypt(key, Buffer.from('x')).length);
t(() => crypto.privateDecrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, crypto.publicEncrypt({ key: pub, padding: 1 }, Buffer.from('hi'))));
t(() => crypto.privateDecrypt({ key, oaepHash: 'sha256' }, crypto.publicEncrypt(pub, Buffer.from('hi'))));
t(() => crypto.privateDecrypt(key, Buffer.alloc(128)));
t(() => crypto.publicEncrypt(pub, Buffer.alloc(200)));
t(() => crypto.publicEncrypt({ key: pub, oaepHash: 'nope' }, Buffer.from('hi')));
// == key generation and Diffie-Hellman
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const a = crypto.generateKeyPairSync('x25519');
const b = crypto.generateKeyPairSync('x25519');
t(() => crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey }).equals(crypto.diffieHellman({ privateKey: b.privateKey, publicKey: a.publicKey })));
const e1 = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const e2 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
t(() => crypto.diffieHellman({ privateKey: e1.privateKey, publicKey: e2.publicKey }).length);
t(() => crypto.diffieHellman({ privateKey: a.privateKey, publicKey: e1.publicKey }));
t(() => crypto.diffieHellman({ privateKey: a.publicKey, publicKey: b.publicKey }));
t(() => crypto.diffieHellman({ privateKey: 1, publicKey: b.publicKey }));
const r = crypto.generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
t(() => [typeof r.publicKey, r.publicKey.split('\n')[0], Buffer.isBuffer(r.privateKey)].join(' '));
t(() => crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.asymmetricKeyDetails);
t(() => Object.keys(crypto.generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'jwk' } }).privateKey).join());
t(() => crypto.generateKeyPairSync(1));
t(() => crypto.generateKeyPairSync('foo'));
t(() => crypto.generateKeyPairSync('rsa'));
t(() => crypto.generateKeyPairSync('rsa', {}));
t(() => crypto.generateKeyPairSync('ec', {}));
t(() => crypto.generateKeyPairSync('ec', { namedCurve: 'nope' }));
t(() => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: {} }));
t(() => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }));
t(() => crypto.generateKeySync('hmac', { length: 7 }));
t(() => crypto.generateKeySync('hmac', { length: 64 }).symmetricKeySize);
t(() => crypto.generateKeySync('aes', { length: 64 }));
t(() => crypto.generateKeySync('aes', { length: 128 }).symmetricKeySize);
t(() => crypto.generateKeySync('nope', { length: 128 }));
await new Promise((resolve) => crypto.generateKeyPair('ed25519', (err, pub, priv) => { console.log(err, pub.type, priv.type); resolve(); }));
await new Promise((resolve) => crypto.generateKey('hmac', { length: 16 }, (err, key) => { console.log(err, key.symmetricKeySize); resolve(); }));
const pair = await require('util').promisify(crypto.generateKeyPair)('ed25519');
console.log(Object.keys(pair), pair.publicKey.type, pair.privateKey.asymmetricKeyType);
// == ciphers: AES modes with fixed keys
const crypto = require('crypto');
const key = Buffer.alloc(16, 1);
const iv = Buffer.alloc(16, 2);
const run = (name, k, v, data, opts) => {
  const c = crypto.createCipheriv(name, k, v, opts);
  const ct = Buffer.concat([c.update(data), c.final()]);
  const d = crypto.createDecipheriv(name, k, v, opts);
  return `${name} ${ct.toString('hex')} ${Buffer.concat([d.update(ct), d.final()]).toString()}`;
};
for (const mode of ['cbc', 'ctr', 'cfb', 'cfb8', 'ofb']) console.log(run(`aes-128-${mode}`, key, iv, 'hello world, this is AES'));
console.log(run('aes-256-cbc', Buffer.alloc(32, 3), iv, 'x'.repeat(32)), run('aes-192-ctr', Buffer.alloc(24, 4), iv, ''));
console.log(run('aes-128-ecb', key, null, 'sixteen bytes!!!'), run('AES256', Buffer.alloc(32, 3), iv, 'alias'));
const c = crypto.createCipheriv('aes-128-cbc', key, iv);
console.log(c.update('hello', 'utf8', 'hex') + c.final('hex'));
const c2 = crypto.createCipheriv('aes-128-ctr', key, iv);
console.log(c2.update('hello world', 'utf8', 'base64') + c2.final('base64'));
const c3 = crypto.createCipheriv('aes-128-cbc', 'k'.repeat(16), 'i'.repeat(16));
console.log(c3.update('a', 'utf8', 'hex') + c3.final('hex'));
const np = crypto.createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
console.log(np.update(Buffer.alloc(32, 9)).toString('hex'), np.final());
// == ciphers: AES-GCM with tags and additional data
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const key = Buffer.alloc(32, 1);
const iv = Buffer.alloc(12, 3);
const c = crypto.createCipheriv('aes-256-gcm', key, iv);
c.setAAD(Buffer.from('aad'));
const ct = Buffer.concat([c.update('hello'), c.final()]);
const tag = c.getAuthTag();
console.log(ct.toString('hex'), tag.toString('hex'));
const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
d.setAAD(Buffer.from('aad'));
d.setAuthTag(tag);
console.log(d.update(ct).toString() + d.final().toString());
const bad = crypto.createDecipheriv('aes-256-gcm', key, iv);
bad.setAuthTag(Buffer.alloc(16));
bad.update(ct);
t(() => bad.final());
const short = crypto.createCipheriv('aes-128-gcm', Buffer.alloc(16), iv, { authTagLength: 8 });
short.update('a'); short.final();
t(() => short.getAuthTag().toString('hex'));
t(() => crypto.createCipheriv('aes-256-gcm', key, iv).getAuthTag());
t(() => crypto.createDecipheriv('aes-256-gcm', key, iv).setAuthTag(Buffer.alloc(3)));
t(() => { const x = crypto.createCipheriv('aes-256-gcm', key, iv); x.update('a'); return x.setAAD(Buffer.alloc(16)); });
t(() => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(16), Buffer.alloc(16)).setAAD(Buffer.alloc(1)));
t(() => typeof crypto.createCipheriv('aes-256-gcm', key, iv).setAuthTag);
// == ciphers: errors
const crypto = require('crypto');
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const key = Buffer.alloc(16, 1);
const iv = Buffer.alloc(16, 2);
t(() => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(15), iv));
t(() => crypto.createCipheriv('aes-128-cbc', key, Buffer.alloc(15)));
t(() => crypto.createCipheriv('aes-128-cbc', key, null));
t(() => crypto.createCipheriv('aes-128-ecb', key, iv));
t(() => crypto.createCipheriv('nope', key, iv));
t(() => crypto.createCipheriv(5, key, iv));
t(() => crypto.createCipheriv('aes-128-cbc', 5, iv));
t(() => crypto.createCipheriv('aes-128-cbc', key, 5));
t(() => { const x = crypto.createCipheriv('aes-128-cbc', key, iv); x.setAutoPadding(false); x.update('hello'); return x.final(); });
t(() => { const x = crypto.createDecipheriv('aes-128-cbc', key, iv); x.update(Buffer.alloc(16)); return x.final(); });
t(() => { const x = crypto.createDecipheriv('aes-128-cbc', key, iv); x.update(Buffer.alloc(5)); return x.final(); });
t(() => { const x = crypto.createCipheriv('aes-128-cbc', key, iv); x.final(); return x.final(); });
t(() => { const x = crypto.createCipheriv('aes-128-cbc', key, iv); x.final(); return x.update('a'); });
t(() => { const x = crypto.createCipheriv('aes-128-cbc', key, iv); x.final(); return x.setAutoPadding(); });
t(() => crypto.getCipherInfo('aes-256-gcm'));
t(() => crypto.getCipherInfo('aes128'));
t(() => crypto.getCipherInfo(427));
t(() => crypto.getCipherInfo('nope'));
t(() => crypto.getCipherInfo('aes-128-cbc', { keyLength: 15 }));
t(() => crypto.getCipherInfo('aes-128-gcm', { ivLength: 5 }));
t(() => crypto.getCipherInfo(5.5));
t(() => crypto.getCipherInfo({}));
t(() => crypto.getCiphers().includes('aes-256-gcm') && crypto.getCurves().includes('prime256v1'));
// == module surface
const crypto = require('crypto');
console.log(Object.keys(crypto).join());
console.log(crypto.getHashes().length, crypto.getHashes().includes('RSA-SHA256'), crypto.constants.RSA_PKCS1_PSS_PADDING, crypto.constants.RSA_PSS_SALTLEN_AUTO);
console.log(typeof crypto.Hash, typeof crypto.KeyObject, crypto.createHash('sha256') instanceof crypto.Hash, crypto.createSign('sha1') instanceof crypto.Sign);
console.log(crypto.createHash('sha256', 5), crypto.createHmac('sha256', 'k'));
console.log(crypto.getFips(), require('node:crypto') === crypto, crypto.webcrypto === globalThis.crypto);
// == subtle: digest
const { subtle } = globalThis.crypto;
const hex = (b) => Buffer.from(b).toString('hex');
for (const alg of ['SHA-1', 'SHA-256', 'sha-384', { name: 'SHA-512' }]) console.log(hex(await subtle.digest(alg, Buffer.from('abc'))));
console.log(hex(await subtle.digest('SHA-256', new Uint16Array([1, 2]))), hex(await subtle.digest('SHA-256', new ArrayBuffer(3))));
const r = subtle.digest('SHA-256', new Uint8Array(0));
console.log(r instanceof Promise, (await r) instanceof ArrayBuffer);
// == subtle: argument errors are rejections
const { subtle } = globalThis.crypto;
const t = async (f) => { try { console.log(await f()); } catch (e) { console.log(e.name, e.code, e.message); } };
await t(() => subtle.digest('SHA-256', 'abc'));
await t(() => subtle.digest('MD5', Buffer.from('abc')));
await t(() => subtle.digest(5, Buffer.from('abc')));
await t(() => subtle.digest({}, Buffer.from('abc')));
await t(() => subtle.digest('SHA-256'));
await t(() => subtle.digest());
await t(() => subtle.digest.call({}, 'SHA-256', Buffer.from('a')));
await t(() => subtle.importKey('nope', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), 'nope', false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'nope']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false, 'sign'));
await t(() => subtle.importKey('raw', 'k', { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('jwk', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'MD5' }, false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false));
await t(() => subtle.importKey('raw', Buffer.from('k'), null, false, ['sign']));
await t(() => subtle.exportKey('nope', {}));
await t(() => subtle.exportKey('raw', {}));
await t(() => subtle.sign('HMAC', 'x', Buffer.from('x')));
await t(() => new SubtleCrypto());
await t(() => new Crypto());
await t(() => new CryptoKey());
await t(() => [Object.prototype.toString.call(crypto), Object.prototype.toString.call(crypto.subtle)].join());
await t(() => Object.getOwnPropertyNames(SubtleCrypto.prototype).join());
// == subtle: HMAC keys, signatures and JWK
const { subtle } = globalThis.crypto;
const t = async (f) => { try { console.log(await f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const key = await subtle.importKey('raw', Buffer.from('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
console.log(key, key.type, key.extractable, key.algorithm, key.usages, key instanceof CryptoKey);
const sig = await subtle.sign('HMAC', key, Buffer.from('data'));
console.log(Buffer.from(sig).toString('hex'), await subtle.verify('HMAC', key, sig, Buffer.from('data')), await subtle.verify({ name: 'HMAC' }, key, sig, Buffer.from('datA')));
console.log(await subtle.exportKey('jwk', key), Buffer.from(await subtle.exportKey('raw', key)).toString());
const j = await subtle.importKey('jwk', { kty: 'oct', k: 'aGk', alg: 'HS512' }, { name: 'HMAC', hash: 'SHA-512' }, false, ['verify']);
console.log(j.algorithm, j.usages, require('util').types.isCryptoKey(j));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC' }, false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['encrypt']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256' }, false, []));
await t(() => subtle.importKey('raw', Buffer.from(''), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256', length: 7 }, false, ['sign']));
await t(() => subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-256', length: 0 }, false, ['sign']));
await t(() => subtle.importKey('jwk', { kty: 'oct', k: 'aGk', alg: 'HS384' }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('jwk', { kty: 'RSA', k: 'aGk' }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('jwk', { kty: 'oct' }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('jwk', { kty: 'oct', k: 'aGk', ext: false }, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']));
await t(() => subtle.importKey('jwk', { kty: 'oct', k: 'aGk', use: 'enc' }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await t(() => subtle.importKey('jwk', { kty: 'oct', k: 'aGk', key_ops: ['verify'] }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
const locked = await subtle.importKey('raw', Buffer.from('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
await t(() => subtle.exportKey('raw', locked));
await t(() => subtle.verify('HMAC', locked, Buffer.alloc(32), Buffer.from('d')));
await t(() => subtle.sign('RSASSA-PKCS1-v1_5', locked, Buffer.from('d')));
// == subtle: generateKey
const { subtle } = globalThis.crypto;
const t = async (f) => { try { console.log(await f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const h = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);
console.log(h.algorithm, (await subtle.exportKey('raw', h)).byteLength, (await subtle.exportKey('jwk', h)).alg);
const h1 = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-1', length: 100 }, true, ['sign']);
console.log(h1.algorithm, (await subtle.exportKey('jwk', h1)).alg);
const a = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt', 'encrypt']);
console.log(a.algorithm, a.usages, (await subtle.exportKey('jwk', a)).alg, (await subtle.exportKey('raw', a)).byteLength);
const e = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
console.log(Object.getPrototypeOf(e), Object.keys(e), e.publicKey.algorithm, e.privateKey.usages, e.publicKey.usages, e.publicKey.extractable, e.privateKey.extractable);
const r = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
console.log(r.privateKey.algorithm, (await subtle.exportKey('jwk', r.publicKey)).alg, Object.keys(await subtle.exportKey('jwk', r.privateKey)).join());
const d = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
console.log(Object.keys(d), d.privateKey.algorithm, Object.keys(await subtle.exportKey('jwk', d.privateKey)).join());
const x = await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
console.log(x.privateKey.usages, x.publicKey.usages, Object.keys(await subtle.exportKey('jwk', x.publicKey)).join());
await t(() => subtle.generateKey({ name: 'AES-GCM', length: 100 }, true, ['encrypt']));
await t(() => subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['encrypt']));
await t(() => subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-257' }, true, ['sign']));
await t(() => subtle.generateKey({ name: 'AES-GCM', length: 128 }, true, []));
await t(() => subtle.generateKey({ name: 'Ed25519' }, true, ['encrypt']));
await t(() => subtle.generateKey({ name: 'X25519' }, true, ['sign']));
await t(() => subtle.generateKey({ name: 'AES-KW', length: 192 }, true, ['encrypt']));
await t(() => subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 1024, hash: 'SHA-256' }, true, ['encrypt']));
await t(() => subtle.generateKey({ name: 'HMAC' }, true, ['sign']));
await t(() => subtle.generateKey({ name: 'AES-GCM' }, true, ['encrypt']));
await t(() => subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']));
// == subtle: RSA and EC keys from node's DER, signatures node made
const { subtle } = globalThis.crypto;
const t = async (f) => { try { console.log(await f()); } catch (e) { console.log(e.name, e.code, e.message); } };
const spki = Buffer.from('MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDJGUSIJHeYvbX6Iop7lTji+Pnh/oIRY/gxDZHHrmkHbVEZ8xR5Shc7kY1w0z8g5QVqZ5k5LTF4e8A64M22EavsYICuxrJH/UEkQuPYqNd8YsYs9vWgvpVWU4HzeBSlMd2GM0U8LwO5HVOAK/qOazPhev5ZK9mYCbPu7NPsuBb2LwIDAQAB', 'base64');
const pkcs8 = Buffer.from('MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMkZRIgkd5i9tfoiinuVOOL4+eH+ghFj+DENkceuaQdtURnzFHlKFzuRjXDTPyDlBWpnmTktMXh7wDrgzbYRq+xggK7Gskf9QSRC49io13xixiz29aC+lVZTgfN4FKUx3YYzRTwvA7kdU4Ar+o5rM+F6/lkr2ZgJs+7s0+y4FvYvAgMBAAECgYEAgRKGuhst6Atb0cB5wfh1GrlTKYqBUUgo9NMQzmlTYED53P34FiFH6CPz9Iah7isQ3sq/vcMUDZDgQOopHsMY5On6guQ2p4HaI1tmZmt03FwXfVRT58YDPUOlR02vkVY/EFLXqYDEet1UHWMczMfRfSRmucVwqt2/ZACLQeCwboECQQD7k2EKd8s4ZeS2WaUbWGmuK30Jan5hByfOtyFkAp5m8ViLYWVpgrJpgPZwAjZXfznB0H0jjUxsjcldTac4lP6DAkEAzKKiwHRzqUoHny0yX3duIp10KjNsNonHpftYJXVz6kZnxwBkZsUeQZt0qDz+j5PoJmksGS2F2qC7Uw8RuBGZ5QJAP33mk9m/9C/jFRJy1P/vTAG1wNabpqlDpqwZRUBT8e8fRa4DBinyFSZzC7nDNTnqvbt8mahjjVILa/zZIzKXOQJAOE9gnbjtwt3eLw0O2XpR0jClsJ8p3fAYAjKh1Nz3IrZxBC+1cRo48zDF7y2plvTKYxd5zQvb04d7RKXW6GHfiQJADkDN8kcaZ87zZ3kHASHqTiAOryFotaZLALowfGH+TWKvj1crsq7ecUuI7i1kTZfS7Jv0C5ysvsuiKjqfDdxZ7g==', 'base64');
const ecPkcs8 = Buffer.from('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggSAhtfPd25BSC0kqd98lT1SKW6uyLCyZ0kywWS5WbfGhRANCAARZqrGpqKsT6J1NntTP1NSsWiO8T8HfmWl9rhp0B4hmwP5SEFeu2Qq4Fm69fKf8tpw7V9KHCjwKAjqqeNG2KsQI', 'base64');
const pub = await subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
console.log(pub.algorithm, await subtle.exportKey('jwk', pub));
const priv = await subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
const sig = await subtle.sign('RSASSA-PKCS1-v1_5', priv, Buffer.from('hello'));
console.log(Buffer.from(sig).toString('base64'), await subtle.verify('RSASSA-PKCS1-v1_5', pub, sig, Buffer.from('hello')));
const pssPub = await subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['verify']);
console.log(await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pssPub, Buffer.from('VtfrWHu5ndwtuaD1M/l7LEWxht7wlsoAg4/tcFDkQsH7GgqGZ5xaHnlUibPcguymWSCFeLzX/3RmtTFTAvfdLXS+H03bsWEwg/Wr8CUGwR3r4Rzfi/rhk+0FGH/d5BD7Ft7hDYFgzklB9KAfZy1a/tOaohEJ/P2WfsjWXwe7HZM=', 'base64'), Buffer.from('hello')));
const oaep = await subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
console.log(Buffer.from(await subtle.decrypt('RSA-OAEP', oaep, Buffer.from('dTEwk15Nb+toCR6EppG3/Aa1QJn1lerXZw3/GZCUcYEZsvk1d14NDuYtAqBlGDgRijpqZIkKmv4Veo+y2AkM4hGVoAmHMnggxoPzvImPDiCYk1ccFI6hu7SOe39PQ2cCbRd6zK0x81rCQ+4PsSVvCA6QXrxgLa4niKuQbtbiwOc=', 'base64'))).toString());
const ec = await subtle.importKey('pkcs8', ecPkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
console.log(ec.algorithm, Object.keys(await subtle.exportKey('jwk', ec)).join());
const ecPub = await subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: 'WaqxqairE-idTZ7Uz9TUrFojvE_B35lpfa4adAeIZsA', y: '_lIQV67ZCrgWbr18p_y2nDtX0ocKPAoCOqp40bYqxAg' }, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
console.log(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecPub, Buffer.from('AYbiMgq4VJ3rhTIZ6h+UXf9K9EeH2jLsQqwndI4Iv03O2KRIcarv7eNVFMXcpvmHoTA2Nk4+eBRTv3TNE5CG4Q==', 'base64'), Buffer.from('hello')));
const fresh = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec, Buffer.from('x'));
console.log(fresh.byteLength, await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecPub, fresh, Buffer.from('x')));
console.log(Buffer.from(await subtle.exportKey('raw', ecPub)).toString('hex'), Buffer.from(await subtle.exportKey('spki', ecPub)).toString('base64'));
const raw = await subtle.importKey('raw', await subtle.exportKey('raw', ecPub), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
console.log(raw.type, raw.algorithm);
await t(() => subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']));
await t(() => subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, []));
await t(async () => (await subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, [])).usages);
await t(() => subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5' }, true, ['verify']));
await t(() => subtle.importKey('raw', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']));
await t(() => subtle.importKey('spki', Buffer.from([1, 2, 3]), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']));
await t(() => subtle.importKey('pkcs8', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']));
await t(() => subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['verify']));
await t(() => subtle.importKey('spki', spki, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['encrypt']));
await t(() => subtle.importKey('pkcs8', ecPkcs8, { name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']));
await t(() => subtle.importKey('pkcs8', ecPkcs8, { name: 'ECDSA' }, true, ['sign']));
await t(() => subtle.importKey('pkcs8', ecPkcs8, { name: 'RSA-PSS', hash: 'SHA-1' }, true, ['sign']));
await t(() => subtle.sign({ name: 'RSA-PSS' }, priv, Buffer.from('hello')));
await t(() => subtle.sign({ name: 'ECDSA' }, ec, Buffer.from('hello')));
await t(() => subtle.exportKey('raw', ec));
await t(() => subtle.exportKey('raw', pub));
// == subtle: AES encryption
const { subtle } = globalThis.crypto;
const t = async (f) => { try { const r = await f(); console.log(r instanceof ArrayBuffer ? Buffer.from(r).toString('hex') : r); } catch (e) { console.log(e.name, e.code, e.message); } };
const gcm = await subtle.importKey('raw', Buffer.alloc(16, 1), 'AES-GCM', true, ['encrypt', 'decrypt']);
console.log(gcm.algorithm, await subtle.exportKey('jwk', gcm));
const ct = await subtle.encrypt({ name: 'AES-GCM', iv: Buffer.alloc(12, 2), additionalData: Buffer.from('aad') }, gcm, Buffer.from('hello'));
console.log(Buffer.from(ct).toString('hex'));
await t(() => subtle.decrypt({ name: 'AES-GCM', iv: Buffer.alloc(12, 2), additionalData: Buffer.from('aad') }, gcm, ct));
await t(() => subtle.decrypt({ name: 'AES-GCM', iv: Buffer.alloc(12, 2) }, gcm, ct));
await t(() => subtle.encrypt({ name: 'AES-GCM', iv: Buffer.alloc(12), tagLength: 96 }, gcm, Buffer.from('hello')));
await t(() => subtle.encrypt({ name: 'AES-GCM', iv: Buffer.alloc(12), tagLength: 33 }, gcm, Buffer.from('hello')));
await t(() => subtle.encrypt({ name: 'AES-GCM' }, gcm, Buffer.from('hello')));
const cbc = await subtle.importKey('raw', Buffer.alloc(32, 3), { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']);
const c2 = await subtle.encrypt({ name: 'AES-CBC', iv: Buffer.alloc(16, 4) }, cbc, Buffer.from('sixteen bytes!!!'));
console.log(Buffer.from(c2).toString('hex'));
await t(() => subtle.decrypt({ name: 'AES-CBC', iv: Buffer.alloc(16, 4) }, cbc, c2));
await t(() => subtle.encrypt({ name: 'AES-CBC', iv: Buffer.alloc(15) }, cbc, Buffer.from('x')));
await t(() => subtle.decrypt({ name: 'AES-CBC', iv: Buffer.alloc(16) }, cbc, Buffer.alloc(16)));
const ctr = await subtle.importKey('raw', Buffer.alloc(24, 5), 'AES-CTR', false, ['encrypt']);
await t(() => subtle.encrypt({ name: 'AES-CTR', counter: Buffer.alloc(16, 0xff), length: 64 }, ctr, Buffer.from('hello world hello world hello world')));
await t(() => subtle.encrypt({ name: 'AES-CTR', counter: Buffer.alloc(16, 0xff), length: 8 }, ctr, Buffer.from('hello world hello world hello world')));
await t(() => subtle.encrypt({ name: 'AES-CTR', counter: Buffer.alloc(16), length: 0 }, ctr, Buffer.from('hello')));
await t(() => subtle.decrypt({ name: 'AES-CTR', counter: Buffer.alloc(16), length: 64 }, ctr, Buffer.from('hello')));
await t(() => subtle.encrypt({ name: 'AES-GCM', iv: Buffer.alloc(12) }, cbc, Buffer.from('x')));
await t(() => subtle.importKey('raw', Buffer.alloc(16), 'AES-GCM', true, ['sign']));
await t(() => subtle.importKey('raw', Buffer.alloc(15), 'AES-GCM', true, ['encrypt']));
await t(async () => (await subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A128CBC' }, 'AES-CBC', false, ['encrypt'])).algorithm);
await t(() => subtle.importKey('jwk', { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'A128GCM' }, 'AES-CBC', false, ['encrypt']));
// == subtle: key derivation
const { subtle } = globalThis.crypto;
const t = async (f) => { try { const r = await f(); console.log(r instanceof ArrayBuffer ? Buffer.from(r).toString('hex') : r); } catch (e) { console.log(e.name, e.code, e.message); } };
const pb = await subtle.importKey('raw', Buffer.from('pw'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
console.log(pb.algorithm, pb.extractable, pb.usages);
await t(() => subtle.deriveBits({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 1000, hash: 'SHA-256' }, pb, 256));
await t(() => subtle.deriveBits({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 0, hash: 'SHA-256' }, pb, 256));
await t(() => subtle.deriveBits({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 1, hash: 'SHA-256' }, pb, 7));
await t(() => subtle.deriveBits({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 1, hash: 'SHA-256' }, pb));
await t(() => subtle.importKey('raw', Buffer.from('pw'), 'PBKDF2', true, ['deriveBits']));
await t(() => subtle.importKey('raw', Buffer.from('pw'), 'PBKDF2', false, ['sign']));
await t(() => subtle.importKey('jwk', {}, 'PBKDF2', false, ['deriveBits']));
const hk = await subtle.importKey('raw', Buffer.from('pw'), 'HKDF', false, ['deriveBits', 'deriveKey']);
await t(() => subtle.deriveBits({ name: 'HKDF', salt: Buffer.from('s'), info: Buffer.from('i'), hash: 'SHA-256' }, hk, 128));
await t(() => subtle.deriveBits({ name: 'HKDF', salt: Buffer.from('s'), info: Buffer.from('i'), hash: 'SHA-256' }, hk, 0));
await t(() => subtle.deriveBits({ name: 'HKDF', salt: Buffer.from('s'), info: Buffer.from('i'), hash: 'SHA-256' }, hk, null));
await t(() => subtle.deriveBits({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 1, hash: 'SHA-256' }, hk, 8));
await t(() => subtle.importKey('raw', Buffer.from('pw'), 'HKDF', false, ['sign']));
const aes = await subtle.deriveKey({ name: 'HKDF', salt: Buffer.from('s'), info: Buffer.from('i'), hash: 'SHA-256' }, hk, { name: 'AES-GCM', length: 256 }, true, ['encrypt']);
console.log(aes.algorithm, Buffer.from(await subtle.exportKey('raw', aes)).toString('hex'));
const mac = await subtle.deriveKey({ name: 'PBKDF2', salt: Buffer.from('s'), iterations: 10, hash: 'SHA-1' }, pb, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
console.log(mac.algorithm, Buffer.from(await subtle.sign('HMAC', mac, Buffer.from('m'))).toString('hex'));
const onlyBits = await subtle.importKey('raw', Buffer.from('pw'), 'HKDF', false, ['deriveBits']);
await t(() => subtle.deriveKey({ name: 'HKDF', salt: Buffer.from('s'), info: Buffer.from('i'), hash: 'SHA-256' }, onlyBits, { name: 'AES-GCM', length: 128 }, true, ['encrypt']));
const a = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
const b = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
const x = await subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, 256);
const y = await subtle.deriveBits({ name: 'ECDH', public: a.publicKey }, b.privateKey, null);
console.log(Buffer.from(x).equals(Buffer.from(y)), x.byteLength, (await subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, 128)).byteLength);
const xa = await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
const xb = await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
console.log(Buffer.from(await subtle.deriveBits({ name: 'X25519', public: xb.publicKey }, xa.privateKey, 256)).equals(Buffer.from(await subtle.deriveBits({ name: 'X25519', public: xa.publicKey }, xb.privateKey, 256))));
// == subtle: wrapKey and unwrapKey
const { subtle } = globalThis.crypto;
const kw = await subtle.importKey('raw', Buffer.alloc(16, 7), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
const h = await subtle.importKey('raw', Buffer.alloc(16, 9), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
const wrapped = await subtle.wrapKey('raw', h, kw, 'AES-KW');
console.log(Buffer.from(wrapped).toString('hex'));
const back = await subtle.unwrapKey('raw', wrapped, kw, 'AES-KW', { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
console.log(back.algorithm, Buffer.from(await subtle.exportKey('raw', back)).toString('hex'));
const gcm = await subtle.importKey('raw', Buffer.alloc(16, 1), 'AES-GCM', false, ['wrapKey', 'unwrapKey']);
const jw = await subtle.wrapKey('jwk', h, gcm, { name: 'AES-GCM', iv: Buffer.alloc(12) });
const jb = await subtle.unwrapKey('jwk', jw, gcm, { name: 'AES-GCM', iv: Buffer.alloc(12) }, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
console.log(jw.byteLength, jb.usages, Buffer.from(await subtle.exportKey('raw', jb)).toString('hex'));
// == subtle: Ed25519
const { subtle } = globalThis.crypto;
const t = async (f) => { try { const r = await f(); console.log(r instanceof ArrayBuffer ? Buffer.from(r).toString('hex') : r); } catch (e) { console.log(e.name, e.code, e.message); } };
const pub = await subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: '_sjocbT5EyFeXhjqT5jx-MseNhxH0DPkC76ZhqqmoWc' }, 'Ed25519', true, ['verify']);
console.log(pub.algorithm, await subtle.exportKey('jwk', pub), Buffer.from(await subtle.exportKey('raw', pub)).toString('hex'));
const priv = await subtle.importKey('pkcs8', require('crypto').createPrivateKey(`-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAyp07VBJtAxAw8+eJKCUEZy6/T6fb0iXkUIGeI1MIbW
-----END PRIVATE KEY-----`).export({ format: 'der', type: 'pkcs8' }), { name: 'Ed25519' }, true, ['sign']);
const sig = await subtle.sign('Ed25519', priv, Buffer.from('hello'));
console.log(Buffer.from(sig).toString('hex'), await subtle.verify('Ed25519', pub, sig, Buffer.from('hello')));
const raw = await subtle.importKey('raw', Buffer.from('fec8e871b4f913215e5e18ea4f98f1f8cb1e361c47d033e40bbe9986aaa6a167', 'hex'), 'Ed25519', false, ['verify']);
console.log(await subtle.verify('Ed25519', raw, sig, Buffer.from('hello')));
await t(() => subtle.exportKey('raw', priv));
await t(() => subtle.exportKey('pkcs8', pub));
await t(() => subtle.sign('Ed25519', pub, Buffer.from('x')));
await t(() => subtle.sign('Ed25519', priv, 'x'));
await t(() => subtle.verify('Ed25519', pub, 'x', Buffer.from('x')));
await t(() => subtle.encrypt({ name: 'AES-GCM', iv: Buffer.alloc(12) }, priv, Buffer.from('x')));
// == subtle: KeyObject.from and CryptoKey inspection
const crypto = require('crypto');
const key = await crypto.subtle.importKey('raw', Buffer.from('k'), { name: 'HMAC', hash: 'SHA-1' }, true, ['sign']);
const ko = crypto.KeyObject.from(key);
console.log(ko.type, ko.symmetricKeySize, ko.export().toString(), crypto.createHmac('sha1', key).update('a').digest('hex'));
console.log(key, require('util').inspect(key, { depth: 0 }));
console.log(Object.keys(key), JSON.stringify(key), key.algorithm === key.algorithm, key.usages === key.usages);
