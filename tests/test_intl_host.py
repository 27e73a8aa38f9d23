"""The host's side of the guest's Intl: tags, dates, collation, locale data, and what a
guest may send (tests/node/cases/intl.js checks the whole against node).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sandbox.platform import collation, datetime, intl
from sandbox.platform.services import METHODS, PlatformCallError


def platform(data: Path | None = None) -> Any:
    """A stand-in for an execution's Platform: only what the Intl handlers read."""
    return SimpleNamespace(services=SimpleNamespace(modules=SimpleNamespace(intl_data=data)))


def call(method: str, *args: Any, data: Path | None = None) -> Any:
    """One platform call, as the guest would make it."""
    return METHODS[method](platform(data), list(args))


@pytest.mark.parametrize(("tag", "canonical"), [
    ("en-us", "en-US"), ("iw", "he"), ("sgn-DE", "gsg"), ("en-u-kn-true", "en-u-kn"),
    ("EN-U-CO-PHONEBK-KA-SHIFTED", "en-u-co-phonebk-ka-shifted"),
    ("en-US-POSIX", "en-US-u-va-posix"),
    ("zh-hant-tw", "zh-Hant-TW"), ("de-1996-1901", "de-1901-1996"),
])
def test_tags_are_canonicalized_as_v8_does(tag: str, canonical: str) -> None:
    """ICU's canonicalization gives what V8 gives (aliases, extension order, true values)."""
    assert intl.canonical_tag(tag) == canonical


@pytest.mark.parametrize("tag", [
    "en_US", "", "x-private", "root", "i-klingon", "no-bok", "zh-cmn-Hans", "en--US", "en-us-us",
    "de-1996-1996", "en-a-bb-a-cc", "en-u", "en-" + "a" * 300,
])
def test_structurally_invalid_tags_are_refused(tag: str) -> None:
    """What ECMA-402 calls structurally invalid is refused before ICU, which would accept it."""
    assert intl.canonical_tag(tag) is None


def test_canonicalize_checks_its_arguments() -> None:
    """The guest's list of tags is checked: strings only, at most MAX_TAGS per call."""
    assert call("intl.canonicalize", ["EN-gb", "x_y"]) == ["en-GB", None]
    with pytest.raises(PlatformCallError):
        call("intl.canonicalize", ["en", 5])
    with pytest.raises(PlatformCallError):
        call("intl.canonicalize", ["en"] * (intl.MAX_TAGS + 1))
    with pytest.raises(PlatformCallError):
        call("intl.canonicalize", "en")


def test_date_format_resolution_follows_v8() -> None:
    """Defaults, hour cycles and zones resolve as V8 resolves them on its own ICU."""
    r = datetime.resolve(["en-US"], {"year": "numeric", "month": "numeric", "day": "numeric"})
    assert (r["locale"], r["calendar"], r["timeZone"], r["$pattern"]) == \
        ("en-US", "gregory", "UTC", "M/d/y")
    assert datetime.resolve(["en-US"], {"hour": "numeric", "hour12": False})["hourCycle"] == "h24"
    assert datetime.resolve(["en-GB"], {"hour": "numeric", "hour12": True})["hourCycle"] == "h11"
    assert datetime.resolve(["de-XX"], {"day": "numeric"})["locale"] == "de"
    assert datetime.resolve(["xx"], {"day": "numeric"})["locale"] == "en-US"
    assert datetime.canonical_zone("asia/kolkata") == "Asia/Calcutta"
    assert datetime.canonical_zone("Etc/GMT") == "UTC"
    assert datetime.canonical_zone("Mars/Base") is None


def test_formatting_is_stateless_and_exact() -> None:
    """A format call names its locale, pattern and zone; the output is ICU's (V8's spaces)."""
    spec = ["en-US-u-ca-gregory-nu-latn", "M/d/y, h:mm:ss\u202fa", "America/New_York"]
    assert call("intl.dtf.format", *spec, 1719835200000) == "7/1/2024, 8:00:00 AM"
    parts = call("intl.dtf.parts", *spec, 1719835200000)
    assert "".join(p[1] for p in parts) == "7/1/2024, 8:00:00\u202fAM"
    assert [p[0] for p in parts][:3] == ["month", "literal", "day"]
    assert call("intl.dtf.range", spec[0], "M/d/y", "UTC", 0, 3 * 86400000) == \
        "1/1/1970\u2009\u2013\u20091/4/1970"


@pytest.mark.parametrize("args", [
    ["en_US", "y", "UTC", 0], ["en", "y", "Mars/Base", 0], ["en", "y" * 300, "UTC", 0],
    ["en", "y", "UTC", float("nan")], ["en", "y", "UTC", 9e15], ["en", "y", "UTC", "0"],
])
def test_format_calls_check_their_arguments(args: list[Any]) -> None:
    """A bad locale, zone, pattern or time is refused, never handed to ICU."""
    with pytest.raises(PlatformCallError):
        call("intl.dtf.format", *args)


def test_a_bad_zone_is_the_guests_range_error() -> None:
    """An unknown zone comes back as the RangeError V8 throws, for the guest to throw."""
    with pytest.raises(PlatformCallError, match=r"^RangeError: Invalid time zone specified: X/Y$"):
        call("intl.dtf.resolve", ["en"], {"timeZone": "X/Y"})


def test_sort_keys_order_as_icu_compares() -> None:
    """Sort keys compare (as Latin-1 text) in ICU's order: German, Swedish, numeric."""
    de = collation.resolve(["de-DE"], {})
    assert de["locale"] == "de"
    words = ["Zebra", "Äpfel", "apfel", "Arg"]
    keys = collation.sort_keys(de["$spec"], words)
    ordered = [w for _, w in sorted(zip(keys, words, strict=True))]
    assert ordered == ["apfel", "Äpfel", "Arg", "Zebra"]
    sv = collation.resolve(["sv"], {})["$spec"]
    assert sorted(["ä", "z"], key=lambda w: collation.sort_keys(sv, [w])[0]) == ["z", "ä"]
    numeric = collation.resolve(["en"], {"numeric": True})["$spec"]
    assert sorted(["a10", "a2"], key=lambda w: collation.sort_keys(numeric, [w])[0]) == \
        ["a2", "a10"]


@pytest.mark.parametrize("spec", [
    None, ["xx-unknown", "variant", False, "false", False], ["de", "loud", False, "false", False],
    ["de", "variant", "no", "false", False], ["de_DE", "variant", False, "false", False],
])
def test_collator_specs_are_checked(spec: Any) -> None:
    """Only a collator the host could have resolved is made."""
    with pytest.raises(PlatformCallError):
        call("intl.collator.keys", spec, ["a"])


def test_sort_key_batches_are_bounded() -> None:
    """A call asks for at most MAX_STRINGS keys."""
    spec = collation.resolve(["en"], {})["$spec"]
    with pytest.raises(PlatformCallError):
        call("intl.collator.keys", spec, ["a"] * (collation.MAX_STRINGS + 1))


def test_locale_data_is_served_by_name_only(tmp_path: Path) -> None:
    """Data files are named by the build's index; any other name, or a path, is refused."""
    (tmp_path / "numberformat").mkdir()
    (tmp_path / "numberformat" / "de.json").write_text('{"x":1}')
    (tmp_path / "index.json").write_text(json.dumps(
        {"kinds": {"numberformat": {"de": "de", "de-DE": "de"}}}))
    assert call("intl.data", "numberformat", "de", data=tmp_path) == '{"x":1}'
    assert call("intl.data", "numberformat", "../index", data=tmp_path) is None
    assert call("intl.data", "numberformat", "de-DE", data=tmp_path) is None
    assert call("intl.data", "pluralrules", "de", data=tmp_path) is None
    with pytest.raises(PlatformCallError):
        call("intl.data", "numberformat", 1, data=tmp_path)


def test_case_mapping_only_where_the_language_needs_it() -> None:
    """Turkish dotted I and Greek accents are ICU's; other languages are refused."""
    assert call("intl.case", "istanbul", "tr", True) == "İSTANBUL"
    assert call("intl.case", "ΆΛΦΑ", "el", False) == "άλφα"
    with pytest.raises(PlatformCallError):
        call("intl.case", "x", "en", True)


def test_supported_values_come_from_icu() -> None:
    """supportedValuesOf: ECMA-402's units, ICU's collations and zones; other keys refused."""
    assert len(call("intl.supportedValues", "unit")) == 45
    assert "phonebk" in call("intl.supportedValues", "collation")
    assert "Europe/Berlin" in call("intl.supportedValues", "timeZone")
    with pytest.raises(PlatformCallError, match=r"^RangeError: Invalid key : x$"):
        call("intl.supportedValues", "x")
