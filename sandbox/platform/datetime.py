"""Intl.DateTimeFormat on the host's ICU, as V8 builds it on its own ICU.

The guest reads and checks the options (guest/node/lib/internal/intl/datetimeformat.js); the
host resolves the locale, calendar, numbering system, time zone and hour cycle, and turns the
components or styles into an ICU pattern (`intl.dtf.resolve`). Formatting is stateless: each
call names the ICU locale, the pattern and the time zone, and the formatters made for them
are kept for every execution (a snapshot's replayed calls leave no state behind).

Why the host: the formatjs polyfill spends ~280 ms of QuickJS (over 3e9 fuel, three times an
action's whole budget) building its first formatter for a locale, and needs ~140 KB of data
per locale; ICU does it in microseconds, with the same data V8 uses.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import icu

from sandbox.platform.intl import canonical_tag, canonical_tags
from sandbox.platform.services import Platform, PlatformCallError, arg, method

DEFAULT_LOCALE = "en-US"
MAX_PATTERN = 256
"""Longer patterns are refused (the host makes them; a guest could send anything)."""
MAX_TIME = 8.64e15
"""ECMA-262 TimeClip: the last representable instant, in milliseconds."""
FORMATTERS = 512
"""ICU formatters kept for all executions, the most recently used."""

# Component option -> {value: skeleton symbols}, in V8's order of resolvedOptions.
COMPONENTS: dict[str, dict[str, str]] = {
    "weekday": {"narrow": "EEEEE", "short": "EEE", "long": "EEEE"},
    "era": {"narrow": "GGGGG", "short": "G", "long": "GGGG"},
    "year": {"2-digit": "yy", "numeric": "y"},
    "month": {"2-digit": "MM", "numeric": "M", "narrow": "MMMMM", "short": "MMM", "long": "MMMM"},
    "day": {"2-digit": "dd", "numeric": "d"},
    "dayPeriod": {"narrow": "BBBBB", "short": "B", "long": "BBBB"},
    "hour": {"2-digit": "jj", "numeric": "j"},
    "minute": {"2-digit": "mm", "numeric": "m"},
    "second": {"2-digit": "ss", "numeric": "s"},
    "fractionalSecondDigits": {"1": "S", "2": "SS", "3": "SSS"},
    "timeZoneName": {"short": "z", "long": "zzzz", "shortOffset": "O", "longOffset": "OOOO",
                     "shortGeneric": "v", "longGeneric": "vvvv"},
}
STYLES = {"full": icu.DateFormat.kFull, "long": icu.DateFormat.kLong,
          "medium": icu.DateFormat.kMedium, "short": icu.DateFormat.kShort}
HOUR_CHAR = {"h11": "K", "h12": "h", "h23": "H", "h24": "k"}
CYCLE_OF = {v: k for k, v in HOUR_CHAR.items()}
CALENDAR_TO_ICU = {"gregory": "gregorian", "ethioaa": "ethiopic-amete-alem",
                   "islamicc": "islamic-civil"}
CALENDAR_FROM_ICU = {"gregorian": "gregory", "ethiopic-amete-alem": "ethioaa"}
UTC_NAMES = frozenset({"UTC", "ETC/UTC", "ETC/GMT", "GMT"})
TYPE = re.compile(r"[a-z0-9]{3,8}(-[a-z0-9]{3,8})*", re.ASCII)


class DateTimeError(PlatformCallError):
    """Raised for a RangeError or TypeError the guest must throw; the message says which."""


def _range_error(message: str) -> DateTimeError:
    return DateTimeError(f"RangeError: {message}")


# ---- locales ------------------------------------------------------------------------------
@functools.cache
def available_locales() -> frozenset[str]:
    """The locales ICU has date formats for, as BCP 47 tags."""
    tags = {icu.Locale(name).toLanguageTag() for name in icu.DateFormat.getAvailableLocales()}
    return frozenset(tags)


def _split_extension(tag: str) -> tuple[str, dict[str, str]]:
    """A canonical tag without its -u- extension, and that extension's keywords."""
    parts = tag.split("-")
    if "u" not in parts[1:]:
        return tag, {}
    start = parts.index("u", 1)
    end = start + 1
    while end < len(parts) and len(parts[end]) > 1:
        end += 1
    keywords: dict[str, str] = {}
    key = None
    for sub in parts[start + 1:end]:
        if len(sub) == 2:
            key = sub
            keywords.setdefault(key, "")
        elif key is not None and keywords[key] == "":
            keywords[key] = sub
        elif key is not None:
            keywords[key] += "-" + sub
    return "-".join(parts[:start] + parts[end:]), keywords


def best_available(tag: str, available: frozenset[str]) -> str | None:
    """ECMA-402 BestAvailableLocale of `tag` without its -u- extension."""
    candidate = _split_extension(tag)[0]
    while candidate:
        if candidate in available:
            return candidate
        pos = candidate.rfind("-")
        if pos >= 2 and candidate[pos - 2] == "-":
            pos -= 2
        candidate = candidate[:pos] if pos > 0 else ""
    return None


def lookup(requested: list[str], available: frozenset[str]) -> tuple[str, dict[str, str]]:
    """ECMA-402 LookupMatcher: the available locale and the requested -u- keywords."""
    for tag in requested:
        found = best_available(tag, available)
        if found is not None:
            return found, _split_extension(tag)[1]
    return DEFAULT_LOCALE, {}


def _default_calendar(locale: str) -> str:
    kind: str = icu.Calendar.createInstance(icu.Locale.forLanguageTag(locale)).getType()
    return CALENDAR_FROM_ICU.get(kind, kind)


@functools.cache
def _numbering_systems() -> frozenset[str]:
    return frozenset(icu.NumberingSystem.getAvailableNames())


@functools.cache
def _calendar_types() -> frozenset[str]:
    known = {"buddhist", "chinese", "coptic", "dangi", "ethioaa", "ethiopic", "gregory",
             "hebrew", "indian", "islamic", "islamic-civil", "islamic-rgsa", "islamic-tbla",
             "islamic-umalqura", "iso8601", "japanese", "persian", "roc"}
    return frozenset(known)


def _default_numbering(locale: str) -> str:
    name: str = icu.NumberingSystem.createInstance(icu.Locale.forLanguageTag(locale)).getName()
    return name


# ---- time zones ---------------------------------------------------------------------------
@functools.cache
def _zone_ids() -> dict[str, str]:
    return {z.upper(): z for z in icu.TimeZone.createEnumeration()}


@functools.lru_cache(maxsize=1024)
def canonical_zone(name: str) -> str | None:
    """The time zone `name` as V8 reports it (ICU's canonical ID), or None if unknown."""
    upper = name.upper()
    if upper in UTC_NAMES:
        return "UTC"
    zone = _zone_ids().get(upper)
    if zone is None:
        return None
    tag = icu.Locale(f"und@timezone={zone}").toLanguageTag()
    if "-u-tz-" not in tag:
        return None
    canonical: str = icu.Locale.forLanguageTag(tag).getKeywordValue("timezone")
    return "UTC" if canonical in ("Etc/UTC", "Etc/GMT") else canonical


# ---- patterns -----------------------------------------------------------------------------
def _pattern_fields(pattern: str) -> list[tuple[str, int]]:
    """The pattern's fields outside quotes: (symbol, count) runs."""
    fields = []
    i, quoted = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "'":
            quoted = not quoted
            i += 1
            continue
        if quoted or not ("a" <= c <= "z" or "A" <= c <= "Z"):
            i += 1
            continue
        j = i
        while j < len(pattern) and pattern[j] == c:
            j += 1
        fields.append((c, j - i))
        i = j
    return fields


def _replace_hour(pattern: str, char: str) -> str:
    out, quoted = [], False
    for c in pattern:
        if c == "'":
            quoted = not quoted
        out.append(char if not quoted and c in "hHkK" else c)
    return "".join(out)


def _width(count: int) -> str:
    return "long" if count == 4 else "narrow" if count == 5 else "short"


def _digits(count: int) -> str:
    return "2-digit" if count == 2 else "numeric"


def _month(count: int) -> str:
    return {1: "numeric", 2: "2-digit", 3: "short", 4: "long"}.get(count, "narrow")


def _weekday(count: int) -> str:
    return "short" if count == 6 else _width(count)


# Pattern symbol -> (resolvedOptions property, its value for the symbol's count): V8's table.
PATTERN_OPTIONS: dict[str, tuple[str, Callable[[int], str | int]]] = {
    "G": ("era", _width),
    **{c: ("year", _digits) for c in "yYuUr"},
    **{c: ("month", _month) for c in "ML"},
    **{c: ("weekday", _weekday) for c in "Ec"},
    "d": ("day", _digits),
    **{c: ("dayPeriod", _width) for c in "Bb"},
    **{c: ("hour", _digits) for c in "hHkK"},
    "m": ("minute", _digits),
    "s": ("second", _digits),
    "S": ("fractionalSecondDigits", lambda n: n),
    "z": ("timeZoneName", lambda n: "long" if n == 4 else "short"),
    "v": ("timeZoneName", lambda n: "longGeneric" if n == 4 else "shortGeneric"),
    "O": ("timeZoneName", lambda n: "longOffset" if n == 4 else "shortOffset"),
}


def components_of(pattern: str) -> dict[str, str | int]:
    """V8's resolvedOptions components, read back from an ICU pattern."""
    found: dict[str, str | int] = {}
    for c, n in _pattern_fields(pattern):
        if c in PATTERN_OPTIONS:
            name, value = PATTERN_OPTIONS[c]
            found[name] = value(n)
        elif c == "e" and n >= 3:
            found["weekday"] = _weekday(n)
    return {k: found[k] for k in COMPONENTS if k in found}


def _hour_cycle_of(pattern: str) -> str | None:
    for c, _ in _pattern_fields(pattern):
        if c in CYCLE_OF:
            return CYCLE_OF[c]
    return None


@functools.lru_cache(maxsize=256)
def _generator(icu_locale: str) -> Any:
    return icu.DateTimePatternGenerator.createInstance(icu.Locale.forLanguageTag(icu_locale))


def _best_pattern(icu_locale: str, skeleton: str) -> str:
    with _LOCK:
        pattern: str = _generator(icu_locale).getBestPattern(
            skeleton, icu.UDateTimePatternMatchOptions.HOUR_FIELD_LENGTH)
    return pattern


def _default_hour_cycle(icu_locale: str) -> str:
    return _hour_cycle_of(_best_pattern(icu_locale, "j")) or "h23"


def _style_pattern(icu_locale: str, date_style: str | None, time_style: str | None) -> str:
    loc = icu.Locale.forLanguageTag(icu_locale)
    if date_style is not None and time_style is not None:
        fmt = icu.DateFormat.createDateTimeInstance(STYLES[date_style], STYLES[time_style], loc)
    elif date_style is not None:
        fmt = icu.DateFormat.createDateInstance(STYLES[date_style], loc)
    else:
        fmt = icu.DateFormat.createTimeInstance(STYLES[str(time_style)], loc)
    pattern: str = fmt.toPattern()
    return pattern


def _hour_cycle(options: dict[str, Any], keywords: dict[str, str], default: str) -> str | None:
    hour12 = options.get("hour12")
    if hour12 is not None:
        twelve = default in ("h11", "h23")
        if hour12:
            return "h11" if twelve else "h12"
        return "h23" if twelve else "h24"
    cycle = options.get("hourCycle")
    if cycle in HOUR_CHAR:
        return str(cycle)
    ext = keywords.get("hc")
    return ext if ext in HOUR_CHAR else None


def _calendar_and_numbering(found: str, options: dict[str, Any], keywords: dict[str, str],
                            extension: list[str]) -> tuple[str, str]:
    """The calendar and numbering system: the option's, else the tag's, else the locale's."""
    calendar = _default_calendar(found)
    option_ca = options.get("calendar")
    if option_ca is not None and option_ca in _calendar_types():
        calendar = option_ca
    elif keywords.get("ca") in _calendar_types() and option_ca in (None, keywords.get("ca")):
        calendar = keywords["ca"]
        extension.append(f"ca-{calendar}")
    numbering = _default_numbering(found)
    option_nu = options.get("numberingSystem")
    if option_nu is not None and option_nu in _numbering_systems():
        numbering = option_nu
    elif keywords.get("nu") in _numbering_systems() and option_nu in (None, keywords.get("nu")):
        numbering = keywords["nu"]
        extension.append(f"nu-{numbering}")
    return calendar, numbering


def _pattern(icu_locale: str, options: dict[str, Any], cycle: str | None,
             default_cycle: str) -> str:
    """The ICU pattern for the styles, or for the components' skeleton."""
    date_style, time_style = options.get("dateStyle"), options.get("timeStyle")
    if date_style is not None or time_style is not None:
        pattern = _style_pattern(icu_locale, date_style, time_style)
        if cycle is not None and _hour_cycle_of(pattern) not in (None, cycle):
            skeleton = icu.DateTimePatternGenerator.staticGetSkeleton(pattern)
            pattern = _replace_hour(_best_pattern(icu_locale, _replace_hour(
                skeleton, HOUR_CHAR[cycle])), HOUR_CHAR[cycle])
        return pattern
    skeleton = ""
    for name, symbols in COMPONENTS.items():
        value = options.get(name)
        if value is None:
            continue
        part = symbols[str(value)]
        if name == "hour":
            # V8 asks for the resolved cycle's own symbol, the locale's when none was asked
            # for (a day period then comes out as "at night", not "PM").
            part = HOUR_CHAR[cycle or default_cycle] * len(part)
        skeleton += part
    pattern = _best_pattern(icu_locale, skeleton)
    return pattern if cycle is None else _replace_hour(pattern, HOUR_CHAR[cycle])


def resolve(requested: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """CreateDateTimeFormat's locale, zone and pattern resolution (V8's), as plain data."""
    found, keywords = lookup(requested, available_locales())
    extension: list[str] = []
    calendar, numbering = _calendar_and_numbering(found, options, keywords, extension)
    icu_locale = f"{found}-u-ca-{calendar}-nu-{numbering}"
    zone_name = options.get("timeZone")
    zone = "UTC" if zone_name is None else canonical_zone(str(zone_name))
    if zone is None:
        raise _range_error(f"Invalid time zone specified: {zone_name}")
    default_cycle = _default_hour_cycle(icu_locale)
    cycle = _hour_cycle(options, keywords, default_cycle)
    if options.get("hourCycle") is None and options.get("hour12") is None \
            and keywords.get("hc") in HOUR_CHAR:
        extension.append(f"hc-{keywords['hc']}")
    pattern = _pattern(icu_locale, options, cycle, default_cycle)
    resolved: dict[str, Any] = {
        "locale": found + ("-u-" + "-".join(sorted(extension)) if extension else ""),
        "calendar": calendar,
        "numberingSystem": numbering,
        "timeZone": zone,
    }
    pattern_cycle = _hour_cycle_of(pattern)
    if pattern_cycle is not None:
        resolved["hourCycle"] = pattern_cycle
        resolved["hour12"] = pattern_cycle in ("h11", "h12")
    date_style, time_style = options.get("dateStyle"), options.get("timeStyle")
    if date_style is None and time_style is None:
        resolved.update(components_of(pattern))
    if date_style is not None:
        resolved["dateStyle"] = date_style
    if time_style is not None:
        resolved["timeStyle"] = time_style
    resolved["$icu"] = icu_locale
    resolved["$pattern"] = pattern
    return resolved


# ---- formatting ---------------------------------------------------------------------------
_LOCK = threading.Lock()
"""ICU formatters are not safe to use from two threads at once; the calls are microseconds."""
_formatters: OrderedDict[tuple[str, str, str, str], Any] = OrderedDict()


def _cached(key: tuple[str, str, str, str], make: Callable[[], Any]) -> Any:
    made = _formatters.get(key)
    if made is None:
        made = make()
        _formatters[key] = made
        if len(_formatters) > FORMATTERS:
            _formatters.popitem(last=False)
    else:
        _formatters.move_to_end(key)
    return made


def _zone(zone: str) -> Any:
    return icu.TimeZone.createTimeZone("Etc/UTC" if zone == "UTC" else zone)


def _date_format(icu_locale: str, pattern: str, zone: str) -> Any:
    def make() -> Any:
        fmt = icu.SimpleDateFormat(pattern, icu.Locale.forLanguageTag(icu_locale))
        fmt.setTimeZone(_zone(zone))
        return fmt

    return _cached(("date", icu_locale, pattern, zone), make)


def _spec(args: list[Any]) -> tuple[str, str, str]:
    icu_locale = canonical_tag(arg(args, 0, str, "locale"))
    pattern = arg(args, 1, str, "pattern")
    zone = canonical_zone(arg(args, 2, str, "time zone"))
    if icu_locale is None or zone is None or len(pattern) > MAX_PATTERN:
        raise PlatformCallError("invalid date format")
    return icu_locale, pattern, zone


def _time(args: list[Any], i: int) -> float:
    value = args[i] if i < len(args) else None
    if not isinstance(value, int | float) or isinstance(value, bool) or not abs(value) <= MAX_TIME:
        raise PlatformCallError("time must be a finite number of milliseconds")
    return float(value) / 1000


def _format_icu(icu_locale: str, pattern: str, zone: str, seconds: float) -> str:
    with _LOCK:
        text: str = _date_format(icu_locale, pattern, zone).format(seconds)
    return text


def _format(icu_locale: str, pattern: str, zone: str, seconds: float) -> str:
    # V8's format() prints a plain space where ICU 72+ puts U+202F (before AM/PM), for the
    # web's sake; its formatToParts and formatRange keep ICU's.
    return _format_icu(icu_locale, pattern, zone, seconds).replace("\u202f", " ")


# ICU pattern symbol -> formatToParts type (V8's IcuDateFieldIdToDateType).
PART_TYPES = {
    "G": "era", "y": "year", "Y": "year", "u": "year", "U": "yearName", "r": "relatedYear",
    "M": "month", "L": "month", "d": "day", "E": "weekday", "c": "weekday", "e": "weekday",
    "a": "dayPeriod", "b": "dayPeriod", "B": "dayPeriod", "h": "hour", "H": "hour",
    "k": "hour", "K": "hour", "m": "minute", "s": "second", "S": "fractionalSecond",
    "z": "timeZoneName", "Z": "timeZoneName", "v": "timeZoneName", "V": "timeZoneName",
    "O": "timeZoneName", "X": "timeZoneName", "x": "timeZoneName",
}


def _split(pattern: str) -> list[tuple[str, str]]:
    """The pattern as (type, sub-pattern) pieces: fields, and literals as they print."""
    pieces: list[tuple[str, str]] = []
    literal, i, quoted = "", 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "'":
            if i + 1 < len(pattern) and pattern[i + 1] == "'":
                literal += "'"
                i += 2
                continue
            quoted = not quoted
            i += 1
            continue
        if quoted or not ("a" <= c <= "z" or "A" <= c <= "Z"):
            literal += c
            i += 1
            continue
        j = i
        while j < len(pattern) and pattern[j] == c:
            j += 1
        if literal:
            pieces.append(("literal", literal))
            literal = ""
        pieces.append((PART_TYPES.get(c, "literal"), pattern[i:j]))
        i = j
    if literal:
        pieces.append(("literal", literal))
    return pieces


def format_parts(icu_locale: str, pattern: str, zone: str, seconds: float) -> list[list[str]]:
    """formatToParts: each field formatted alone with the same locale, zone and calendar."""
    whole = _format_icu(icu_locale, pattern, zone, seconds)
    parts: list[list[str]] = []
    for kind, piece in _split(pattern):
        text = piece if kind == "literal" else _format_icu(icu_locale, piece, zone, seconds)
        if parts and parts[-1][0] == kind == "literal":
            parts[-1][1] += text
        else:
            parts.append([kind, text])
    if "".join(p[1] for p in parts) != whole:
        return [["literal", whole]]
    return parts


def format_range(icu_locale: str, pattern: str, zone: str, start: float, end: float) -> str:
    """formatRange: ICU's interval format for the pattern's skeleton."""
    skeleton = icu.DateTimePatternGenerator.staticGetSkeleton(pattern)

    def make() -> Any:
        # DateIntervalFormat takes its zone from the locale (the process default otherwise).
        loc = icu.Locale.forLanguageTag(icu_locale)
        loc.setKeywordValue("timezone", "Etc/UTC" if zone == "UTC" else zone)
        return icu.DateIntervalFormat.createInstance(skeleton, loc)

    with _LOCK:
        fmt = _cached(("range", icu_locale, skeleton, zone), make)
        text: str = fmt.format(icu.DateInterval(start, end))
    return text


# ---- platform methods ---------------------------------------------------------------------
@method("intl.dtf.resolve")
def _dtf_resolve(platform: Platform, args: list[Any]) -> dict[str, Any]:
    requested = canonical_tags(args, 0)
    options = arg(args, 1, dict, "options")
    for name, value in options.items():
        allowed = COMPONENTS.get(name)
        if allowed is not None and str(value) not in allowed:
            raise PlatformCallError(f"invalid {name[:40]}")
    for name in ("dateStyle", "timeStyle"):
        if options.get(name) is not None and options[name] not in STYLES:
            raise PlatformCallError(f"invalid {name}")
    for name in ("calendar", "numberingSystem"):
        value = options.get(name)
        if value is not None and not (isinstance(value, str) and TYPE.fullmatch(value)):
            raise PlatformCallError(f"invalid {name}")
    zone = options.get("timeZone")
    if zone is not None and (not isinstance(zone, str) or len(zone) > MAX_PATTERN):
        raise _range_error(f"Invalid time zone specified: {str(zone)[:MAX_PATTERN]}")
    return resolve(requested, options)


@method("intl.dtf.format")
def _dtf_format(platform: Platform, args: list[Any]) -> str:
    return _format(*_spec(args), _time(args, 3))


@method("intl.dtf.parts")
def _dtf_parts(platform: Platform, args: list[Any]) -> list[list[str]]:
    return format_parts(*_spec(args), _time(args, 3))


@method("intl.dtf.range")
def _dtf_range(platform: Platform, args: list[Any]) -> str:
    return format_range(*_spec(args), _time(args, 3), _time(args, 4))


@method("intl.dtf.supported")
def _dtf_supported(platform: Platform, args: list[Any]) -> list[str]:
    requested = arg(args, 0, list, "locales")
    available = available_locales()
    return [t for t in requested if isinstance(t, str) and best_available(t, available)]
