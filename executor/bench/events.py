"""Events of realistic size and variety: a pool of users, each one password reset.

Shaped like examples/events/*.json (every documented field a real reset carries), about
2.1-2.5 KB of JSON each, with varied users, email domains, networks, enrolled factors,
countries and browsers, so that the allow-lists deny some and the MFA action challenges
most. `pad_to` grows each event to at least that many bytes of JSON (user_metadata.notes).
"""

from __future__ import annotations

import json
import random
from typing import Any

DOMAINS = ("example.com", "acme.test", "corp.example.org", "mail.example.net", "globex.test",
           "initech.test", "umbrella.example", "hooli.test")
HOSTNAMES = ("login.example.com", "auth.acme.test", "id.globex.test", "sso.initech.test")
FIRST = ("Jane", "John", "Amara", "Wei", "Lucía", "Olu", "Priya", "Mateo", "Ingrid", "Kenji",
         "Fatima", "Noah", "Chloé", "Dmitri", "Aisha", "Lars")
LAST = ("Doe", "Smith", "Okafor", "Zhang", "García", "Adeyemi", "Sharma", "Rossi", "Berg",
        "Tanaka", "Haddad", "Miller", "Dubois", "Ivanov", "Khan", "Nilsen")
AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
)
PLACES = (
    {"countryCode": "GB", "countryCode3": "GBR", "countryName": "United Kingdom",
     "cityName": "London", "latitude": 51.5, "longitude": -0.12, "timeZone": "Europe/London",
     "continentCode": "EU", "subdivisionCode": "ENG", "subdivisionName": "England"},
    {"countryCode": "US", "countryCode3": "USA", "countryName": "United States",
     "cityName": "Austin", "latitude": 30.27, "longitude": -97.74,
     "timeZone": "America/Chicago", "continentCode": "NA", "subdivisionCode": "TX",
     "subdivisionName": "Texas"},
    {"countryCode": "DE", "countryCode3": "DEU", "countryName": "Germany",
     "cityName": "Berlin", "latitude": 52.52, "longitude": 13.4, "timeZone": "Europe/Berlin",
     "continentCode": "EU", "subdivisionCode": "BE", "subdivisionName": "Berlin"},
    {"countryCode": "JP", "countryCode3": "JPN", "countryName": "Japan", "cityName": "Tokyo",
     "latitude": 35.68, "longitude": 139.69, "timeZone": "Asia/Tokyo",
     "continentCode": "AS", "subdivisionCode": "13", "subdivisionName": "Tokyo"},
    {"countryCode": "BR", "countryCode3": "BRA", "countryName": "Brazil",
     "cityName": "São Paulo", "latitude": -23.55, "longitude": -46.63,
     "timeZone": "America/Sao_Paulo", "continentCode": "SA", "subdivisionCode": "SP",
     "subdivisionName": "São Paulo"},
)
LOCALES = ("en", "en-GB", "de", "ja", "pt-BR", "fr", "es")
PLANS = ("free", "pro", "enterprise", "legacy")
FEATURES = ("sso", "audit-log", "scim", "custom-domain", "mfa-enforced", "webhooks")
FACTOR_SETS: tuple[tuple[float, list[dict[str, Any]]], ...] = (
    (0.45, [{"type": "otp"}]),
    (0.15, [{"type": "otp"}, {"type": "phone", "options": {"preferredMethod": "sms"}}]),
    (0.10, [{"type": "webauthn-platform"}]),
    (0.10, [{"type": "phone", "options": {"preferredMethod": "both"}}]),
    (0.05, [{"type": "push-notification", "options": {"otpFallback": True}}]),
    (0.15, []),
)
"""Enrolled factors and the share of users with each: most can be challenged."""


def _ip(rng: random.Random) -> str:
    """Mostly corporate networks (10/8, 192.168/16), a quarter from the internet."""
    roll = rng.random()
    if roll < 0.60:
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    if roll < 0.75:
        return f"192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    return f"{rng.choice((203, 198, 81, 91))}.{rng.randrange(256)}.{rng.randrange(256)}." \
           f"{rng.randrange(1, 255)}"


def _factors(rng: random.Random) -> list[dict[str, Any]]:
    roll, acc = rng.random(), 0.0
    for share, factors in FACTOR_SETS:
        acc += share
        if roll < acc:
            return [dict(f) for f in factors]
    return []


def _stamp(rng: random.Random, year: int) -> str:
    return (f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T"
            f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.000Z")


def make_event(rng: random.Random, n: int) -> dict[str, Any]:
    """User number `n`'s password reset, its details drawn from `rng`."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = rng.choice(DOMAINS)
    uid = f"{rng.getrandbits(96):024x}"
    email = f"{first.lower()}.{last.lower()}{n}@{domain}"
    locale = rng.choice(LOCALES)
    place = dict(rng.choice(PLACES))
    roles = ["admin"] if rng.random() < 0.05 else []
    user: dict[str, Any] = {
        "user_id": f"auth0|{uid}", "email": email, "email_verified": rng.random() < 0.92,
        "name": f"{first} {last}", "nickname": first.lower(), "given_name": first,
        "family_name": last, "username": f"{first.lower()}{n}",
        "picture": f"https://s.gravatar.com/avatar/{uid}?s=480",
        "created_at": _stamp(rng, rng.randrange(2018, 2025)),
        "updated_at": _stamp(rng, 2026),
        "last_password_reset": _stamp(rng, 2025),
        "phone_number": f"+{rng.randrange(1, 99)}{rng.randrange(10**9, 10**10)}",
        "phone_verified": rng.random() < 0.5,
        "app_metadata": {"plan": rng.choice(PLANS), "roles": roles,
                         "account_id": f"acct_{rng.getrandbits(40):010x}",
                         "region": rng.choice(("eu-west-1", "us-east-1", "ap-northeast-1")),
                         "features": rng.sample(FEATURES, rng.randrange(1, len(FEATURES))),
                         "billing": {"customer_id": f"cus_{rng.getrandbits(56):014x}",
                                     "currency": rng.choice(("EUR", "USD", "JPY", "BRL"))}},
        "user_metadata": {"locale": locale, "theme": rng.choice(("light", "dark")),
                          "newsletter": rng.random() < 0.3,
                          "address": {"street": f"{rng.randrange(1, 400)} {rng.choice(LAST)} "
                                                "Street",
                                      "postal_code": f"{rng.randrange(10000, 99999)}",
                                      "country": place["countryCode"]}},
        "identities": [{"connection": "Username-Password-Authentication", "provider": "auth0",
                        "user_id": uid, "isSocial": False}],
        "enrolledFactors": _factors(rng),
    }
    if rng.random() < 0.2:
        user["identities"].append({"connection": "google-oauth2", "provider": "google-oauth2",
                                   "user_id": str(rng.getrandbits(64)), "isSocial": True})
    event: dict[str, Any] = {
        "user": user,
        "request": {"ip": _ip(rng), "method": "POST", "query": {}, "body": {},
                    "hostname": rng.choice(HOSTNAMES), "language": locale.split("-")[0],
                    "user_agent": rng.choice(AGENTS), "geoip": place},
        "client": {"client_id": f"{rng.getrandbits(128):032x}"[:32],
                   "name": rng.choice(("Example Web", "Example iOS", "Admin Console")),
                   "metadata": {"tier": rng.choice(("web", "mobile", "internal"))}},
        "connection": {"id": f"con_{rng.getrandbits(64):016x}",
                       "name": "Username-Password-Authentication", "strategy": "auth0",
                       "metadata": {}},
        "tenant": {"id": "example"},
        "transaction": {"locale": locale, "ui_locales": [locale, "en"],
                        "correlation_id": f"c-{rng.getrandbits(64):016x}"},
        "authentication": {"methods": [{"name": "pwd", "timestamp": _stamp(rng, 2026)},
                                       {"name": "email", "timestamp": _stamp(rng, 2026)}]},
        "authorization": {"roles": roles},
        "stats": {"logins_count": rng.randrange(1, 5000)},
    }
    if rng.random() < 0.3:
        event["organization"] = {"id": f"org_{rng.getrandbits(64):016x}", "name": "acme",
                                 "display_name": "Acme Corp", "metadata": {"sso": "on"}}
    return event


def pad(event: dict[str, Any], pad_to: int) -> dict[str, Any]:
    """`event` grown to at least `pad_to` bytes of JSON with a notes string (ASCII)."""
    size = len(json.dumps(event).encode())
    if size >= pad_to:
        return event
    overhead = len(', "notes": ""')
    event["user"]["user_metadata"]["notes"] = "n" * max(0, pad_to - size - overhead)
    return event


def make_events(seed: int, count: int, pad_to: int = 0) -> list[dict[str, Any]]:
    """`count` distinct users' events, the same for the same seed."""
    rng = random.Random(f"events:{seed}")
    return [pad(make_event(rng, n), pad_to) for n in range(count)]
