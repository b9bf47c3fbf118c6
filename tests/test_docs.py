"""Documentation is tested: every rejection reason, stage and command is documented."""

import re
from pathlib import Path

from marsad.cli import build_parser
from marsad.pipeline import registered

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "marsad"


def _reasons_in_code() -> set[str]:
    reasons = set()
    for path in SRC.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        reasons.update(re.findall(r'reject\(\s*"[\w.-]+",\s*"([a-z-]+)"', code))
        reasons.update(re.findall(r'FetchError\(\s*\w+,\s*"([a-z-]+)"', code))
    return reasons


def test_every_rejection_reason_is_documented():
    reasons = _reasons_in_code()
    assert {"empty", "binary", "too-large", "invalid-json", "timeout"} <= reasons  # the scan works
    doc = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    missing = sorted(r for r in reasons | {"internal-error"} if f"`{r}`" not in doc)
    assert not missing, f"rejection reasons missing from docs/record.md: {missing}"


def test_every_stage_is_documented():
    doc = (ROOT / "docs" / "pipeline.md").read_text(encoding="utf-8")
    missing = sorted(name for name in registered() if name.startswith("marsad.") and f"`{name}`" not in doc)
    assert not missing, f"stages missing from docs/pipeline.md: {missing}"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # argparse keeps them here
    missing = sorted(c for c in commands if f"marsad {c}" not in readme)
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_record_field_is_documented():
    from marsad.api import analyze_text
    from marsad.record import to_record

    text = "Talks in Cairo went on late into the night, aides to both delegations said on Monday. " * 3
    record = to_record(analyze_text(text), tokens=True)
    doc = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    missing = sorted(f for f in record if f"`{f}`" not in doc)
    assert not missing, f"record fields missing from docs/record.md: {missing}"


def test_published_how_and_extractor_codes_are_documented():
    doc = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    code = (SRC / "stages" / "dates.py").read_text(encoding="utf-8")
    hows = set(re.findall(r'"(html_date|record_date|date_line|page_date_text|text_dateline|html_text_date)"', code))
    assert len(hows) == 6 and all(f"`{h}`" in doc for h in hows)
    assert "`+body_year`" in doc and "`+fetch_year`" in doc
    from marsad.extract.html import MODES

    for name in (*MODES, "none", "textdump", "record"):
        assert f"`{name}`" in doc, name
