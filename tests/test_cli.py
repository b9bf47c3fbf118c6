"""`marsad analyze` end to end: records, formats, exit codes, bad input."""

import io
import json
import subprocess
import sys

import pytest

from marsad.cli import main
from marsad.record import SCHEMA

RU_DUMP = (
    "Ар En\n"
    "Делегация Казани обсудила в Каире строительство логистического центра\n"
    "12 марта\n"
    "\u00a0\n"
    "КАИР, 12 марта. Делегация Республики Татарстан провела в Каире переговоры с "
    "министерством торговли Египта о строительстве логистического центра в зоне "
    "Суэцкого канала. Стороны договорились подготовить соглашение к концу весны.\n"
    "\u00a0\n"
    "По словам главы делегации, первые грузы через центр могут пойти уже в следующем "
    "году, а объём инвестиций оценивается в сорок миллионов долларов.\n"
    "\u00a0\n"
    "Источник: ТАСС\n"
)

EN_PAGE = """<!doctype html><html><head><title>Port talks resume | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port talks resume in Alexandria</h1>
<p>Negotiators from three shipping companies resumed talks in Alexandria on Monday over the
expansion of the western container terminal, officials said, after a pause of two months.</p>
<p>The expansion would double the terminal's capacity and add four new berths by the end of the
decade, according to a statement released by the port authority after the first session.</p>
<p>A second round of meetings is expected next week, when the finance ministers are due to attend.</p>
</article><footer>Copyright Harbour Times. All rights reserved.</footer></body></html>"""


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture()
def inputs(tmp_path):
    (tmp_path / "ru.txt").write_text(RU_DUMP, encoding="utf-8")
    (tmp_path / "en.html").write_text(EN_PAGE, encoding="utf-8")
    return tmp_path


def test_json_record_for_one_input(inputs):
    code, out = run("analyze", str(inputs / "en.html"))
    assert code == 0
    record = json.loads(out)
    assert record["schema"] == SCHEMA
    assert record["path"].endswith("en.html")
    assert record["language"] == "en"
    assert "Alexandria" in record["text"] and "All rights reserved" not in record["text"]
    assert record["rejected"] is None
    for p in record["paragraphs"]:
        assert record["text"][p["start"] : p["end"]].strip() == record["text"][p["start"] : p["end"]]
    assert all(0 <= s["start"] < s["end"] <= len(record["text"]) for s in record["sentences"])


def test_dump_metadata_leaves_the_body(inputs):
    code, out = run("analyze", str(inputs / "ru.txt"))
    record = json.loads(out)
    assert code == 0 and record["language"] == "ru"
    assert record["title"].startswith("Делегация Казани")
    assert "Источник" not in record["text"] and "Ар En" not in record["text"]
    assert record["title"] not in record["text"]
    assert record["agencies"] == ["tass"]
    assert record["published"].endswith("-03-12")


def test_jsonl_one_record_per_input_with_path(inputs):
    code, out = run("analyze", str(inputs), "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in lines) == ["en.html", "ru.txt"]


def test_text_format_is_readable(inputs):
    code, out = run("analyze", str(inputs / "ru.txt"), "--format", "text")
    assert code == 0
    assert "title:" in out and "language:  ru" in out and "Суэцкого" in out


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"<html><body><nav>Home | About | Contact</nav></body></html>", "no-article-text"),
    ],
)
def test_single_bad_input_exits_nonzero_naming_input_and_reason(tmp_path, capsys, content, reason):
    bad = tmp_path / "bad.html"
    bad.write_bytes(content)
    code, _ = run("analyze", str(bad))
    err = capsys.readouterr().err
    assert code == 1
    assert str(bad) in err and reason in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_too_large_input_is_refused_without_reading(tmp_path, capsys):
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a " * 60_000 + b"</p>")
    code, _ = run("analyze", str(big), "--max-bytes", "100000")
    assert code == 1 and "too-large" in capsys.readouterr().err


def test_batch_counts_rejections_and_goes_on(inputs, capsys):
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "broken.jsonl").write_text('{"title": "x", "text": "' + "слово " * 30 + '"}\n{not json\n')
    code, out = run("analyze", str(inputs), str(inputs / "missing.html"), "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    err = capsys.readouterr().err
    assert code == 0
    reasons = sorted(r["rejected"]["reason"] for r in records if r["rejected"])
    assert reasons == ["empty", "invalid-json", "not-found"]
    assert "3 rejected" in err and "3 analyzed" in err
    assert "broken.jsonl:2" in err


def test_stages_and_help():
    code, out = run("stages")
    assert code == 0 and "marsad.dates.v1" in out and "requires" in out
    proc = subprocess.run(
        [sys.executable, "-m", "marsad", "analyze", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "--format" in proc.stdout and "examples" in proc.stdout
