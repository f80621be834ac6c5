"""Dates: what the text wrote, and a year only from evidence."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.extract import dates
from storyline.extract.dates import find_dates, infer_year, parse_machine_date


@pytest.mark.parametrize(("text", "iso", "precision"), [
    ("November 20 09:28", "--11-20", "minute"),
    ("March 4, 2025 10:12 ET | Updated 13:40 ET", "2025-03-04T10:12", "minute"),
    ("Wednesday 5 March, 07:45", "--03-05", "minute"),
    ("Τρίτη, 4 Μαρτίου 2025, 23:40", "2025-03-04T23:40", "minute"),
    ("martes, 4 de marzo de 2025", "2025-03-04", "day"),
    ("Por Lucía Arrieta 04/03/2025 16:30", "2025-03-04T16:30", "minute"),
    ("12. März 2024 um 10:30", "2024-03-12T10:30", "minute"),
    ("3 января 2024 г.", "2024-01-03", "day"),
    ("published 2019-11-19", "2019-11-19", "day"),
    ("in April 2022", "2022-04", "month"),
    ("Nov. 5, 2:30 p.m.", "--11-05", "minute"),
])
def test_find_dates(text: str, iso: str, precision: str) -> None:
    found = find_dates(text)[0]
    assert found.date.iso == iso
    assert found.date.precision == precision


def test_pm_time() -> None:
    assert find_dates("Nov. 5, 2:30 p.m.")[0].date.time == "14:30"


@pytest.mark.parametrize("text", ["February 30, 2024", "31/13/2024", "call 555-0147", "Top 10 list"])
def test_no_false_dates(text: str) -> None:
    assert find_dates(text) == []


def test_machine_dates() -> None:
    d = parse_machine_date("2025-03-04T10:12:00-05:00", source="json-ld")
    assert d is not None and d.iso == "2025-03-04T10:12" and d.precision == "minute"
    d = parse_machine_date("2024-11-20", source="meta")
    assert d is not None and d.precision == "day" and d.time is None
    assert parse_machine_date("not a date", source="meta") is None


def test_year_inferred_when_captured_days_later() -> None:
    partial = find_dates("November 20 09:28")[0].date
    d = infer_year(partial, captured=date(2024, 11, 22), page_dates=[], captured_evidence="fetched 2024-11-22")
    assert d.year == 2024 and d.year_inferred and d.confidence == 0.9
    assert d.iso == "2024-11-20T09:28"
    assert "fetched 2024-11-22" in d.evidence


def test_year_left_open_when_capture_is_months_later() -> None:
    partial = find_dates("November 20 09:28")[0].date
    d = infer_year(partial, captured=date(2026, 1, 18), page_dates=[], captured_evidence="header")
    assert d.year is None and d.partial and d.latest_year == 2025


def test_year_from_weekday_and_copyright() -> None:
    found = find_dates("Wednesday 5 March, 07:45")[0]
    d = infer_year(found.date, captured=None, page_dates=[], weekday=found.weekday, page_year=2025)
    assert d.year == 2025 and d.year_inferred
    # A weekday that does not fit the year proves nothing: the date stays partial.
    found = find_dates("Thursday 5 March, 07:45")[0]
    d = infer_year(found.date, captured=None, page_dates=[], weekday=found.weekday, page_year=2025)
    assert d.year is None


def test_no_evidence_no_year() -> None:
    partial = find_dates("November 20")[0].date
    d = infer_year(partial, captured=None, page_dates=[])
    assert d.year is None and d.evidence


def test_month_word_check_skips_only_texts_without_a_month(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping the month-name patterns when no word is a month changes no result."""
    texts = ["Posted:March 3, 2024", "(Jan. 5, 2024)", "UPDATED MAR 3 2024 10:15", "on 5th-March 2024",
             "Sept. 9", "jan2024 5", "2024-03-05T10:12", "05.03.2024 10:12", "Top 10 list", "call 555-0147",
             "marzo 2024", "12. März 2024", "Mayıs 5", "mayo_5 2024", "Tue, 5 Mar 2024",
             "Posted — March 3, 2024", "‘Jan. 5’ 2024", "«Sept 9» at 10:15", "5 ſept 2024"]
    found = [find_dates(text) for text in texts]
    monkeypatch.setattr(dates, "_NAMED_MONTH_PATTERNS", frozenset())
    assert [find_dates(text) for text in texts] == found
    assert found[0] and found[1] and found[2] and not found[5]
