"""The workload's actions: real-world password-reset actions, one source per kind.

Every tenant that uses a kind runs the same source, configured by its own secrets (as the
examples/ actions are): the executor caches programs by source, so N tenants cost one
snapshot per kind, not N (distinct sources per tenant would measure compilation instead).

Kinds in the mix (`KINDS`), with their default weight per action slot:

    ip_allowlist     deny unless request.ip is in the tenant's CIDRs (secret)
    email_allowlist  deny unless the email's domain is the tenant's (secret)
    cache_read       api.cache.get of a per-user bucket; log it
    cache_write      a per-user-bucket reset counter: api.cache.get + api.cache.set
    redirect         encodeToken + sendUserTo; on continue validateToken + setResultUrl
    mfa              challengeWith(otp, additional enrolled factors) or challengeWithAny
    audit            console.log + setResultUrl (completes)

`HOSTILE` is not in the mix: it is bound first for the hostile tenants (see workload.py)
and, by the event, loops (fuel), waits forever (timeout) or hoards memory (memory_limit),
under limits low enough that each failure costs milliseconds, not the default 1e11 fuel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MIB = 1024 * 1024

CACHE_BUCKETS = 8
"""Cache keys per tenant: well under the 20-entry cache of a (tenant, trigger)."""

IP_ALLOWLIST = """\
/** Password resets only from the tenant's networks. Secret: ALLOWED_CIDRS. */
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
  const cidrs = (event.secrets.ALLOWED_CIDRS || '').split(',').map((s) => s.trim());
  if (!cidrs.some((cidr) => inCidr(event.request.ip, cidr))) {
    api.access.deny(`Password reset is not allowed from ${event.request.ip}`);
  }
};
"""

EMAIL_ALLOWLIST = """\
/** Only the tenant's email domains reset here; others go through support. */
exports.onExecutePostChallenge = async (event, api) => {
  const domains = (event.secrets.ALLOWED_DOMAINS || '').split(',').map((d) => d.trim());
  const email = (event.user.email || '').toLowerCase();
  const domain = email.includes('@') ? email.split('@').pop() : '';
  if (!event.user.email_verified || !domains.includes(domain)) {
    api.access.deny('Password resets for this account are handled by support.');
  }
};
"""

_BUCKET = f"""\
function bucket(userId) {{
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return h % {CACHE_BUCKETS};
}}
"""

CACHE_READ = _BUCKET + """
/** Reads the reset counter of the user's bucket and logs it. */
exports.onExecutePostChallenge = async (event, api) => {
  const record = api.cache.get(`resets:${bucket(event.user.user_id)}`);
  console.log(`resets in bucket: ${record ? record.value : 0}`);
};
"""

CACHE_WRITE = _BUCKET + """
/** Counts resets per bucket of users for ten minutes, in the trigger's cache. */
exports.onExecutePostChallenge = async (event, api) => {
  const key = `resets:${bucket(event.user.user_id)}`;
  const record = api.cache.get(key);
  const count = record ? Number(record.value) : 0;
  const options = record ? { expires_at: record.expires_at } : { ttl: 600000 };
  const res = api.cache.set(key, String(count + 1), options);
  if (res.type !== 'success') console.warn(`cache.set failed: ${res.code}`);
};
"""

REDIRECT = """\
/** Identity check on an external site; its signed answer comes back on continue. */
exports.onExecutePostChallenge = async (event, api) => {
  const token = api.redirect.encodeToken({
    secret: event.secrets.SHARED_SECRET,
    expiresInSeconds: 300,
    payload: {
      email: event.user.email,
      continue_uri: `https://${event.request.hostname}/continue`,
    },
  });
  api.redirect.sendUserTo(event.secrets.VERIFY_URL, { query: { session_token: token } });
};

exports.onContinuePostChallenge = async (event, api) => {
  const payload = api.redirect.validateToken({
    secret: event.secrets.SHARED_SECRET,
    tokenParameterName: 'verification',
  });
  if (payload.verified !== true) {
    api.access.deny('Identity verification failed.');
    return;
  }
  api.transaction.setResultUrl('https://app.example.com/welcome-back', {
    query: { verified_at: String(payload.iat) },
  });
};
"""

MFA = """\
/** Step-up MFA with what the user enrolled: OTP first if they have it. */
exports.onExecutePostChallenge = async (event, api) => {
  const enrolled = (event.user.enrolledFactors || [])
    .map((f) => ({ type: f.type, options: f.options }));
  if (enrolled.length === 0) return;
  if (enrolled.some((f) => f.type === 'otp')) {
    api.authentication.challengeWith({ type: 'otp' }, {
      additionalFactors: enrolled.filter((f) => f.type !== 'otp'),
    });
  } else {
    api.authentication.challengeWithAny(enrolled);
  }
};
"""

AUDIT = """\
/** Logs the reset for auditing and sends the user to a locale-specific landing page. */
exports.onExecutePostChallenge = async (event, api) => {
  const country = (event.request.geoip && event.request.geoip.countryCode) || 'unknown';
  console.log(JSON.stringify({
    what: 'password-reset', user: event.user.user_id, client: event.client.name,
    ip: event.request.ip, country, logins: event.stats.logins_count,
  }));
  const locale = event.transaction.locale || 'en';
  api.transaction.setResultUrl(`https://app.example.com/${locale}/reset-done`, {
    query: { plan: String(event.user.app_metadata.plan || 'free') },
  });
};
"""

HOSTILE_SOURCE = """\
/** A tenant's broken action: by the user, it loops, waits forever or hoards memory. */
exports.onExecutePostChallenge = async (event, api) => {
  const pick = event.stats.logins_count % 3;
  if (pick === 0) {
    let n = 0;
    for (;;) n++;
  }
  if (pick === 1) {
    await new Promise((resolve) => setTimeout(resolve, 3600000));
  }
  const hoard = [];
  for (;;) hoard.push(new ArrayBuffer(1 << 20));
};
"""


@dataclass(frozen=True)
class ActionKind:
    """One kind of action: its source, default weight in the mix, and per-action limits."""

    name: str
    code: str
    weight: float
    limits: Mapping[str, int] | None = field(default=None)
    suspends: bool = False
    """The action suspends the flow (the harness then sends the continue)."""


KINDS: dict[str, ActionKind] = {k.name: k for k in (
    ActionKind("ip_allowlist", IP_ALLOWLIST, 20.0),
    ActionKind("email_allowlist", EMAIL_ALLOWLIST, 15.0),
    ActionKind("cache_read", CACHE_READ, 15.0),
    ActionKind("cache_write", CACHE_WRITE, 15.0),
    ActionKind("redirect", REDIRECT, 10.0, suspends=True),
    ActionKind("mfa", MFA, 13.0, suspends=True),
    ActionKind("audit", AUDIT, 12.0),
)}
"""The mix's kinds, by name; weights sum to 100."""

ALIASES = {"allowlist": "ip_allowlist"}
"""Short names `--mix` accepts."""

HOSTILE = ActionKind(
    "hostile", HOSTILE_SOURCE, 0.0,
    # ~2-3 ms each on this machine: 10M fuel, a 25 ms timeout (the wait is virtual time:
    # the guest fails at once), 8 MiB of memory.
    limits={"fuel": 10_000_000, "timeout_ms": 25, "memory_bytes": 8 * MIB},
)
HOSTILE_ERRORS = ("fuel_exhausted", "timeout", "memory_limit")
"""What the hostile action fails with, by event.stats.logins_count % 3."""


def sources() -> list[str]:
    """Every distinct source the workload can deploy (to warm program caches)."""
    return [kind.code for kind in (*KINDS.values(), HOSTILE)]
