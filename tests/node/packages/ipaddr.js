// deps: ipaddr.js@2.2.0
const ipaddr = require('ipaddr.js');

exports.onExecutePostChallenge = async (event) => {
  const addr = ipaddr.parse(event.request.ip);
  console.log(addr.kind(), addr.toString(), addr.range(), addr.toByteArray());
  const [net, bits] = ipaddr.parseCIDR('203.0.113.0/24');
  console.log(addr.match(net, bits), ipaddr.IPv4.subnetMaskFromPrefixLength(bits).toString());
  const v6 = ipaddr.parse('2001:DB8:0:0:1::1');
  console.log(v6.toString(), v6.toNormalizedString(), v6.toFixedLengthString(), v6.range());
  const mapped = ipaddr.parse('::ffff:192.168.1.10');
  console.log(mapped.isIPv4MappedAddress(), mapped.toIPv4Address().toString());
  console.log(ipaddr.isValid('256.1.1.1'), ipaddr.IPv4.isValidFourPartDecimal('10.1.2.3'));
  console.log(ipaddr.process('::ffff:10.0.0.1').toString(), ipaddr.fromByteArray([127, 0, 0, 1]));
  try {
    ipaddr.parse('not an address');
  } catch (e) {
    console.log(e.name, e.message);
  }
};
