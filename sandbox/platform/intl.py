"""Locale data for the guest's Intl, served one locale at a time, and locale tags.

The build (guest/node/intl-data.mjs) writes each locale's data for each kind of formatjs
formatter as a JSON file; the guest asks for one when a formatter first needs it. Names are
checked against the build's index, never used as paths as given. Tags are checked and
canonicalized with ICU, as V8 does.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icu

from sandbox.errors import InternalError
from sandbox.platform.services import Platform, PlatformCallError, arg, method

CACHED_FILES = 256
"""Data files kept in memory for all executions (a few hundred KB each, the popular ones)."""
JSON_KINDS = frozenset({"numberformat", "relativetimeformat", "listformat"})
"""Kinds served as JSON; plural rules are modules (internal/intl/plural/<locale>)."""


@dataclass(frozen=True)
class IntlIndex:
    """What the build's data holds: per kind, its files."""

    directory: Path
    files: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=4)
def _index(directory: Path) -> IntlIndex:
    try:
        raw = json.loads((directory / "index.json").read_text())
    except (OSError, ValueError) as exc:
        raise InternalError(f"the Intl data index is unreadable in {directory}: {exc}") from exc
    files = {kind: frozenset(tags.values()) for kind, tags in raw["kinds"].items()
             if kind in JSON_KINDS}
    return IntlIndex(directory, files)


@functools.lru_cache(maxsize=CACHED_FILES)
def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError as exc:
        raise InternalError(f"Intl data missing: {path}: {exc}") from exc


def index_of(platform: Platform) -> IntlIndex:
    """The data index of the build this platform runs."""
    directory = platform.services.modules.intl_data
    if directory is None:
        raise PlatformCallError("this build has no Intl data")
    return _index(directory)


@method("intl.data")
def _intl_data(platform: Platform, args: list[Any]) -> str | None:
    kind = arg(args, 0, str, "kind")
    name = arg(args, 1, str, "locale")
    index = index_of(platform)
    names = index.files.get(kind)
    if names is None or name not in names:
        return None
    return _read(index.directory / kind / f"{name}.json")


# ECMA-402 IsStructurallyValidLanguageTag (a Unicode BCP 47 locale identifier, UTS #35):
# ICU alone accepts what V8 refuses first (extlangs, irregular grandfathered tags, "root").
_ALNUM = "[a-z0-9]"
_LANGUAGE = "(?:[a-z]{2,3}|[a-z]{5,8})"
_SCRIPT = "[a-z]{4}"
_REGION = "(?:[a-z]{2}|[0-9]{3})"
_VARIANT = f"(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}})"
_LANGUAGE_ID = f"{_LANGUAGE}(?:-{_SCRIPT})?(?:-{_REGION})?((?:-{_VARIANT})*)"
_U_EXTENSION = f"u(?:-{_ALNUM}{{3,8}})*(?:-{_ALNUM}[a-z](?:-{_ALNUM}{{3,8}})*)*"
_T_EXTENSION = (f"t(?:-{_LANGUAGE_ID.replace('((', '(?:(')})?"
                f"(?:-[a-z][0-9](?:-{_ALNUM}{{3,8}})+)*")
_OTHER_EXTENSION = f"[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+"
_PRIVATE = f"x(?:-{_ALNUM}{{1,8}})+"
_TAG = re.compile(f"{_LANGUAGE_ID}((?:-(?:{_U_EXTENSION}|{_T_EXTENSION}|{_OTHER_EXTENSION}))*)"
                  f"(?:-{_PRIVATE})?", re.ASCII)
MAX_TAG = 256
"""Longer tags are refused before parsing."""
MAX_TAGS = 64
"""Tags per call; the guest sends one locale list at a time, in batches."""


def _structurally_valid(tag: str) -> bool:
    m = _TAG.fullmatch(tag.lower())
    if m is None:
        return False
    variants = [v for v in m.group(1).split("-") if v]
    if len(set(variants)) != len(variants):
        return False
    singletons = [s for s in m.group(2).split("-") if len(s) == 1]
    return len(set(singletons)) == len(singletons)


def canonical_tags(args: list[Any], i: int) -> list[str]:
    """Argument `i`, a list of locale tags the guest already canonicalized (checked again)."""
    requested = args[i] if i < len(args) else None
    if not isinstance(requested, list) or not all(
            isinstance(t, str) and canonical_tag(t) == t for t in requested):
        raise PlatformCallError("locales must be canonical tags")
    return requested


@functools.lru_cache(maxsize=4096)
def canonical_tag(tag: str) -> str | None:
    """`tag` canonicalized as V8 does it (ICU's canonicalization), or None when invalid."""
    if len(tag) > MAX_TAG or not _structurally_valid(tag):
        return None
    try:
        name = icu.Locale.forLanguageTag(tag).getName()
        canonical: str = icu.Locale.createCanonical(name).toLanguageTag()
    except icu.ICUError:
        return None
    return canonical


@method("intl.canonicalize")
def _intl_canonicalize(platform: Platform, args: list[Any]) -> list[str | None]:
    tags = arg(args, 0, list, "tags")
    if len(tags) > MAX_TAGS or not all(isinstance(t, str) for t in tags):
        raise PlatformCallError(f"tags must be a list of at most {MAX_TAGS} strings")
    return [canonical_tag(t) for t in tags]


def _locale_of(tag: str) -> Any:
    canonical = canonical_tag(tag)
    if canonical is None:
        raise PlatformCallError("RangeError: Incorrect locale information provided")
    return icu.Locale.forLanguageTag(canonical)


@method("intl.locale.likely")
def _intl_locale_likely(platform: Platform, args: list[Any]) -> str:
    """Intl.Locale maximize() ("max") and minimize() ("min"): ICU's likely subtags."""
    loc = _locale_of(arg(args, 0, str, "tag"))
    if arg(args, 1, str, "direction") == "max":
        loc.addLikelySubtags()
    else:
        loc.minimizeSubtags()
    result: str = loc.toLanguageTag()
    return result


# ECMA-402 Table 2: the units every implementation formats.
SANCTIONED_UNITS = (
    "acre", "bit", "byte", "celsius", "centimeter", "day", "degree", "fahrenheit",
    "fluid-ounce", "foot", "gallon", "gigabit", "gigabyte", "gram", "hectare", "hour", "inch",
    "kilobit", "kilobyte", "kilogram", "kilometer", "liter", "megabit", "megabyte", "meter",
    "microsecond", "mile", "mile-scandinavian", "milliliter", "millimeter", "millisecond",
    "minute", "month", "nanosecond", "ounce", "percent", "petabyte", "pound", "second", "stone",
    "terabit", "terabyte", "week", "yard", "year",
)
CALENDARS = (
    "buddhist", "chinese", "coptic", "dangi", "ethioaa", "ethiopic", "gregory", "hebrew",
    "indian", "islamic", "islamic-civil", "islamic-rgsa", "islamic-tbla", "islamic-umalqura",
    "iso8601", "japanese", "persian", "roc",
)


def _collation_types() -> list[str]:
    found = set()
    for name in icu.Collator.getKeywordValues("collation"):
        tag = icu.Locale(f"und@collation={name}").toLanguageTag()
        if "-u-co-" in tag:
            found.add(tag.split("-u-co-", 1)[1])
    return sorted(found - {"standard", "search"})


def _numbering_systems() -> list[str]:
    return sorted(n for n in icu.NumberingSystem.getAvailableNames()
                  if not icu.NumberingSystem.createInstanceByName(n).isAlgorithmic())


def _time_zones() -> list[str]:
    from sandbox.platform.datetime import canonical_zone  # noqa: PLC0415 - imports this module

    zones = {canonical_zone(z) for z in icu.TimeZone.createEnumeration()}
    return sorted(z for z in zones if z is not None and "/" in z and not z.startswith("Etc/")
                  and not z.startswith("SystemV/"))


def _currencies() -> list[str]:
    # PyICU cannot enumerate ICU's ISO currencies (ucurr_openISOCurrencies, V8's source):
    # the currencies the regions use today are most of that list.
    found = set()
    for region in icu.Locale.getISOCountries():
        symbols = icu.DecimalFormatSymbols(icu.Locale(f"und-{region}"))
        code = symbols.getSymbol(icu.DecimalFormatSymbols.kIntlCurrencySymbol)
        if len(code) == 3 and code.isascii() and code.isalpha() and code.isupper():
            found.add(code)
    return sorted(found - {"XXX"})


SUPPORTED_VALUES: dict[str, Callable[[], list[str]]] = {
    "calendar": lambda: list(CALENDARS),
    "collation": _collation_types,
    "currency": _currencies,
    "numberingSystem": _numbering_systems,
    "timeZone": _time_zones,
    "unit": lambda: list(SANCTIONED_UNITS),
}


@functools.lru_cache(maxsize=8)
def supported_values(key: str) -> list[str] | None:
    """Intl.supportedValuesOf(key), as V8 computes it from its ICU; None for another key."""
    make = SUPPORTED_VALUES.get(key)
    return None if make is None else make()


@method("intl.supportedValues")
def _intl_supported_values(platform: Platform, args: list[Any]) -> list[str]:
    key = arg(args, 0, str, "key")
    values = supported_values(key)
    if values is None:
        raise PlatformCallError(f"RangeError: Invalid key : {key[:64]}")
    return values


CASE_LANGUAGES = frozenset({"az", "el", "lt", "tr"})
"""The languages whose case mappings differ from Unicode's default (V8 asks ICU for these)."""
MAX_CASE_CHARS = 1 << 20


@method("intl.case")
def _intl_case(platform: Platform, args: list[Any]) -> str:
    """String.prototype.toLocaleUpperCase/LowerCase for az, el, lt and tr: ICU's mapping."""
    text = arg(args, 0, str, "text")
    language = arg(args, 1, str, "language")
    upper = arg(args, 2, bool, "upper")
    if language not in CASE_LANGUAGES or len(text) > MAX_CASE_CHARS:
        raise PlatformCallError("no locale-specific case mapping")
    s = icu.UnicodeString(text)
    loc = icu.Locale(language)
    return str(s.toUpper(loc) if upper else s.toLower(loc))
