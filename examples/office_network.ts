// Resets only from the office networks, IPv4 or IPv6 (secret OFFICE_CIDRS, comma-separated),
// with the ipaddr.js package. TypeScript with an npm dependency: flows/office.json declares
// it, or `executor run examples/office_network.ts --dep ipaddr.js@2.2.0 ...`.
import type { Event, PasswordResetPostChallengeAPI } from '@auth0/actions/password-reset-post-challenge/v1';
import ipaddr from 'ipaddr.js';

type Address = ReturnType<typeof ipaddr.parse>;

interface Network {
  cidr: string;
  range: [Address, number];
}

function networks(secret: string | undefined): Network[] {
  return (secret ?? '').split(',').map((c) => c.trim()).filter(Boolean)
    .map((cidr) => ({ cidr, range: ipaddr.parseCIDR(cidr) }));
}

function inside(ip: string, allowed: Network[]): Network | undefined {
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return allowed.find(({ range: [net, bits] }) =>
    net.kind() === address.kind() && address.match(net, bits));
}

export const onExecutePostChallenge = async (event: Event, api: PasswordResetPostChallengeAPI) => {
  const allowed = networks(event.secrets.OFFICE_CIDRS);
  const match = inside(event.request.ip, allowed);
  if (match === undefined) {
    api.access.deny(`Password resets are only allowed from the office network (${event.request.ip})`);
    return;
  }
  console.log(`reset from ${event.request.ip}, inside ${match.cidr}`);
};
