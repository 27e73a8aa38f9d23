/**
 * Password resets only from the corporate network.
 * Secret (optional): ALLOWED_CIDRS, comma-separated IPv4 CIDRs.
 */
const DEFAULT_CIDRS = ['10.0.0.0/8', '192.168.0.0/16'];

function toInt(ip) {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return null;
  }
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function inCidr(ip, cidr) {
  const [base, bits] = cidr.split('/');
  const mask = bits === '0' ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  const a = toInt(ip);
  const b = toInt(base);
  return a !== null && b !== null && ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

exports.onExecutePostChallenge = async (event, api) => {
  const cidrs = event.secrets.ALLOWED_CIDRS
    ? event.secrets.ALLOWED_CIDRS.split(',').map((s) => s.trim())
    : DEFAULT_CIDRS;
  if (!cidrs.some((cidr) => inCidr(event.request.ip, cidr))) {
    api.access.deny(`Password reset is not allowed from ${event.request.ip}`);
  }
};
