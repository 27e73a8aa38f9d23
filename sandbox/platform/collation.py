"""Intl.Collator (and String.prototype.localeCompare) on the host's ICU, as V8 does it.

formatjs has no Collator, and a JS one would need the root collation table (tens of
thousands of weights) plus each locale's tailoring (Japanese's alone is thousands of rules):
megabytes in every execution that sorts. ICU has them. The guest resolves a collator once
(`intl.collator.resolve`) and then asks for sort keys (`intl.collator.keys`), a batch of
strings per call, and compares keys itself: sorting n strings costs about n/batch calls,
not n log n. Stateless: each call names the collator by its ICU locale and attributes.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from typing import Any

import icu

from sandbox.platform.datetime import best_available, lookup
from sandbox.platform.intl import canonical_tag, canonical_tags
from sandbox.platform.services import Platform, PlatformCallError, arg, method

DEFAULT_LOCALE = "en-US"
MAX_STRINGS = 256
"""Strings per `intl.collator.keys` call."""
MAX_CHARS = 1 << 20
"""Characters per call, all strings together."""
COLLATORS = 256
"""ICU collators kept for all executions, the most recently used."""
SENSITIVITIES = ("base", "accent", "case", "variant")
CASE_FIRST = ("upper", "lower", "false")
TYPE = re.compile(r"[a-z0-9]{3,8}(-[a-z0-9]{3,8})*", re.ASCII)
_LOCK = threading.Lock()
"""ICU collators are not safe to use from two threads at once; the calls are microseconds."""
_collators: OrderedDict[tuple[str, str, bool, str, bool], Any] = OrderedDict()


@functools.cache
def available_locales() -> frozenset[str]:
    """The locales ICU has collation data for, as BCP 47 tags."""
    names = icu.Collator.getAvailableLocales()
    return frozenset(icu.Locale(name).toLanguageTag() for name in names)


def _bcp47_collation(name: str) -> str | None:
    tag = icu.Locale(f"und@collation={name}").toLanguageTag()
    return tag.split("-u-co-", 1)[1] if "-u-co-" in tag else None


@functools.lru_cache(maxsize=256)
def collations(locale: str) -> frozenset[str]:
    """The collation types ECMA-402 allows for `locale` (BCP 47 names, no standard/search)."""
    names = icu.Collator.getKeywordValuesForLocale("collation", icu.Locale.forLanguageTag(locale),
                                                   False)
    found = {_bcp47_collation(n) for n in names}
    return frozenset(n for n in found if n is not None and n not in ("standard", "search"))


def resolve(requested: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """InitializeCollator's resolution, V8's way; the `$` keys name the ICU collator."""
    found, keywords = lookup(requested, available_locales())
    allowed = collations(found)
    extension: list[str] = []
    collation = "default"
    option_co = options.get("collation")
    if option_co is not None and option_co in allowed:
        collation = option_co
    elif keywords.get("co") in allowed and option_co in (None, keywords.get("co")):
        collation = keywords["co"]
        extension.append(f"co-{collation}")
    numeric = options.get("numeric")
    if numeric is None and keywords.get("kn") in ("", "true", "false"):
        numeric = keywords["kn"] != "false"
        extension.append("kn" if numeric else "kn-false")
    case_first = options.get("caseFirst")
    if case_first is None and keywords.get("kf") in CASE_FIRST:
        case_first = keywords["kf"]
        extension.append(f"kf-{case_first}")
    usage = options.get("usage") or "sort"
    icu_locale = found + (f"-u-co-{collation}" if collation != "default" else
                          "-u-co-search" if usage == "search" else "")
    sensitivity = options.get("sensitivity") or "variant"
    punctuation = options.get("ignorePunctuation")
    if punctuation is None:
        # The locale's own default (Thai ignores punctuation).
        with _LOCK:
            made = icu.Collator.createInstance(icu.Locale.forLanguageTag(icu_locale))
            punctuation = made.getAttribute(icu.UCollAttribute.ALTERNATE_HANDLING) == \
                icu.UCollAttributeValue.SHIFTED
    return {
        "locale": found + ("-u-" + "-".join(sorted(extension)) if extension else ""),
        "usage": usage,
        "sensitivity": sensitivity,
        "ignorePunctuation": bool(punctuation),
        "collation": collation,
        "numeric": bool(numeric),
        "caseFirst": case_first or "false",
        "$spec": [icu_locale, sensitivity, bool(punctuation), case_first or "false",
                  bool(numeric)],
    }


def _collator(icu_locale: str, sensitivity: str, punctuation: bool, case_first: str,
              numeric: bool) -> Any:
    key = (icu_locale, sensitivity, punctuation, case_first, numeric)
    made = _collators.get(key)
    if made is not None:
        _collators.move_to_end(key)
        return made
    attr, value = icu.UCollAttribute, icu.UCollAttributeValue
    made = icu.Collator.createInstance(icu.Locale.forLanguageTag(icu_locale))
    made.setStrength({"base": icu.Collator.PRIMARY, "accent": icu.Collator.SECONDARY,
                      "case": icu.Collator.PRIMARY,
                      "variant": icu.Collator.TERTIARY}[sensitivity])
    if sensitivity == "case":
        made.setAttribute(attr.CASE_LEVEL, value.ON)
    made.setAttribute(attr.ALTERNATE_HANDLING, value.SHIFTED if punctuation else
                      value.NON_IGNORABLE)
    if case_first != "false":
        made.setAttribute(attr.CASE_FIRST, value.UPPER_FIRST if case_first == "upper" else
                          value.LOWER_FIRST)
    made.setAttribute(attr.NUMERIC_COLLATION, value.ON if numeric else value.OFF)
    _collators[key] = made
    if len(_collators) > COLLATORS:
        _collators.popitem(last=False)
    return made


def sort_keys(spec: list[Any], strings: list[str]) -> list[str]:
    """ICU sort keys of `strings` (bytes as Latin-1 text, which compares as the bytes do)."""
    with _LOCK:
        made = _collator(*spec)
        return [made.getSortKey(s).decode("latin-1") for s in strings]


def _spec(value: Any) -> list[Any]:
    if not (isinstance(value, list) and len(value) == 5):
        raise PlatformCallError("invalid collator")
    icu_locale, sensitivity, punctuation, case_first, numeric = value
    base = icu_locale.split("-u-co-")[0] if isinstance(icu_locale, str) else None
    if (base is None or canonical_tag(icu_locale) != icu_locale
            or best_available(base, available_locales()) is None
            or sensitivity not in SENSITIVITIES or case_first not in CASE_FIRST
            or not isinstance(punctuation, bool) or not isinstance(numeric, bool)):
        raise PlatformCallError("invalid collator")
    return value


@method("intl.collator.resolve")
def _collator_resolve(platform: Platform, args: list[Any]) -> dict[str, Any]:
    requested = canonical_tags(args, 0)
    options = arg(args, 1, dict, "options")
    checks = {"usage": ("sort", "search"), "sensitivity": SENSITIVITIES,
              "caseFirst": CASE_FIRST}
    for name, allowed in checks.items():
        if options.get(name) not in (None, *allowed):
            raise PlatformCallError(f"invalid {name}")
    for name in ("numeric", "ignorePunctuation"):
        if options.get(name) not in (None, True, False):
            raise PlatformCallError(f"invalid {name}")
    co = options.get("collation")
    if co is not None and not (isinstance(co, str) and TYPE.fullmatch(co)):
        raise PlatformCallError("invalid collation")
    return resolve(requested, options)


@method("intl.collator.keys")
def _collator_keys(platform: Platform, args: list[Any]) -> list[str]:
    spec = _spec(args[0] if args else None)
    strings = arg(args, 1, list, "strings")
    if (len(strings) > MAX_STRINGS or not all(isinstance(s, str) for s in strings)
            or sum(len(s) for s in strings) > MAX_CHARS):
        raise PlatformCallError(f"at most {MAX_STRINGS} strings, {MAX_CHARS} characters")
    return sort_keys(spec, strings)


@method("intl.collator.supported")
def _collator_supported(platform: Platform, args: list[Any]) -> list[str]:
    requested = arg(args, 0, list, "locales")
    available = available_locales()
    return [t for t in requested if isinstance(t, str) and best_available(t, available)]
