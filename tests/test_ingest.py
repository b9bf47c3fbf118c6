"""``marsad ingest`` and the archive commands, end to end on files written here."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.ingest import ingest
from marsad.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# Words for generated articles: every article a different shuffle, so no two
# are near-duplicates of each other.
_AR_WORDS = (
    "الوزير الحكومة الاتفاق التعاون الطاقة النفط الغاز المملكة موسكو الرياض القاهرة الاستثمار المشروع "
    "الاجتماع الرئيس البرلمان الميناء القمح التجارة الصادرات الواردات المصرف الاقتصاد السوق البنك "
    "الشركة المحطة الخطة الوفد الزيارة المباحثات البيان المؤتمر القمة المجلس اللجنة الجامعة السفير"
).split()


def _article(i: int, rng: random.Random) -> dict:
    words = [rng.choice(_AR_WORDS) for _ in range(120)]
    body = " ".join(words[:60]) + ".\n\n" + " ".join(words[60:]) + f" رقم {i}."
    return {"url": f"https://news.example/{i}", "title": f"خبر رقم {i} عن " + " ".join(words[:4]), "text": body, "date": "2026-03-15"}


def _write_jsonl(path: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(_article(i, rng), ensure_ascii=False) + "\n")
    return path


def _articles(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def test_ingest_samples_then_rerun_adds_nothing(tmp_path) -> None:
    db = tmp_path / "a.db"
    with open_store(db) as store:
        first = ingest([str(SAMPLES)], store, workers=1)
    assert first.outcomes["added"] == 14 and first.outcomes["rejected"] == 0
    with open_store(db) as store:
        second = ingest([str(SAMPLES)], store, workers=1)
        assert store.counts()["articles"] == 14
    assert second.skipped == 14 and second.stored == 0
    # --reanalyze looks again, and finds the same content: nothing new.
    with open_store(db) as store:
        third = ingest([str(SAMPLES)], store, workers=1, reanalyze=True)
        assert store.counts()["articles"] == 14
    assert third.outcomes["unchanged"] == 14


def test_parallel_workers_store_the_same_as_one(tmp_path) -> None:
    data = _write_jsonl(tmp_path / "wire.jsonl", 60)
    results = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with open_store(db) as store:
            stats = ingest([str(data)], store, workers=workers)
            rows = store.db.execute("SELECT id, url, content_hash FROM articles ORDER BY id").fetchall()
        assert stats.outcomes["added"] == 60
        results.append(rows)
    assert results[0] == results[1]


def test_bad_inputs_in_a_batch_are_counted_by_reason_and_the_run_goes_on(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write_jsonl(folder / "good.jsonl", 5)
    with (folder / "good.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    (folder / "image.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "a.db"
    with open_store(db) as store:
        stats = ingest([str(folder)], store, workers=1)
        reasons = dict(store.db.execute("SELECT reason, count(*) FROM rejections GROUP BY reason").fetchall())
    assert stats.outcomes["added"] == 5
    assert stats.outcomes["rejected"] == 4
    assert sum(stats.reasons.values()) == 4
    assert reasons == dict(stats.reasons)
    assert {"corrupt-archive", "binary", "empty"} <= set(stats.reasons)


def test_a_feed_that_times_out_is_counted_and_the_run_goes_on(tmp_path) -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/feed.xml":
            raise httpx.ReadTimeout("too slow", request=request)
        return httpx.Response(404)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    data = _write_jsonl(tmp_path / "wire.jsonl", 3)
    with open_store(tmp_path / "a.db") as store:
        stats = ingest(["https://news.example/feed.xml", str(data)], store, workers=1, client=client)
    assert stats.outcomes["added"] == 3
    assert stats.reasons["timeout"] == 1


def test_the_same_story_at_two_urls_and_a_near_copy(tmp_path) -> None:
    rng = random.Random(3)
    a = _article(1, rng)
    same = dict(a, url="https://mirror.example/1")
    near = dict(a, url="https://other.example/9", text=a["text"].replace("رقم 1.", "رقم 1 بحسب الوكالة."))
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (a, same, near)) + "\n", encoding="utf-8")
    with open_store(tmp_path / "a.db") as store:
        stats = ingest([str(path)], store, workers=1)
        assert store.counts()["articles"] == 2
    assert (stats.outcomes["added"], stats.outcomes["alias"], stats.outcomes["near-duplicate"]) == (1, 1, 1)


def test_kill_9_during_ingest_then_rerun_gives_the_same_archive(tmp_path) -> None:
    data = _write_jsonl(tmp_path / "wire.jsonl", 500)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    whole = tmp_path / "whole.db"
    subprocess.run([sys.executable, "-m", "marsad", "ingest", str(data), "--db", str(whole), "--workers", "1", "--quiet"],
                   check=True, env=env, capture_output=True)
    expected = _articles(whole)
    assert expected == 500

    killed = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "marsad", "ingest", str(data), "--db", str(killed), "--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            stored = _articles(killed)
        except sqlite3.Error:
            continue
        if stored >= 1:  # a batch committed (every 200 articles or 2 s), more in flight
            break
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _articles(killed)  # opens without error after the kill
    assert 1 <= partial < expected
    con = sqlite3.connect(killed)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _articles(killed) == expected
    assert f"{partial} skipped" in done.stderr or "skipped" in done.stderr


# --- the commands ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("arch") / "samples.db"
    assert main(["ingest", str(SAMPLES), "--db", str(db), "--workers", "1", "--quiet"]) == 0
    return db


def test_search_command_text_and_json(archive, capsys) -> None:
    assert main(["search", "بالرياض", "--db", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "articles match" in out and "[" in out  # highlighted
    assert main(["search", "Лаврова", "--db", str(archive), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] >= 1 and result["hits"][0]["language"] == "ru"
    assert set(result["facets"]) == {"language", "source", "agency", "day"}


def test_search_command_errors(archive, capsys, tmp_path) -> None:
    assert main(["search", "--db", str(archive), "--", "-فقط"]) == 1
    assert "only exclusions" in capsys.readouterr().err
    assert main(["search", "word", "--db", str(tmp_path / "none.db")]) == 1
    assert "no archive here" in capsys.readouterr().err
    assert main(["search", "كلمةغيرموجودةأبدا", "--db", str(archive)]) == 1  # nothing found: exit 1
    assert main(["search", "x", "--db", str(archive), "--from", "March"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_export_formats(archive, tmp_path, capsys) -> None:
    assert main(["export", "--db", str(archive), "--lang", "ru"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(json.loads(x)["language"] == "ru" for x in lines)
    out_csv = tmp_path / "a.csv"
    assert main(["export", "--db", str(archive), "--format", "csv", "-o", str(out_csv), "--query", "نفط OR нефть OR oil"]) == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert rows and rows[0]["text"]
    pq = pytest.importorskip("pyarrow.parquet")
    out_pq = tmp_path / "a.parquet"
    assert main(["export", "--db", str(archive), "--format", "parquet", "-o", str(out_pq)]) == 0
    table = pq.read_table(out_pq)
    assert table.num_rows == 14 and "agencies" in table.column_names
    assert main(["export", "--db", str(archive), "--format", "parquet"]) == 1


def test_entity_command_for_an_unknown_name_says_so(archive, capsys) -> None:
    assert main(["entity", "اسم لا يعرفه الأرشيف", "--db", str(archive)]) == 1
    assert "no entity named" in capsys.readouterr().err


def test_ingest_command_summary(tmp_path, capsys) -> None:
    data = _write_jsonl(tmp_path / "w.jsonl", 4)
    db = tmp_path / "c.db"
    assert main(["ingest", str(data), "--db", str(db), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "4 added" in err and "4 articles" in err
    os.environ["MARSAD_DB"] = str(db)
    try:
        assert main(["search", "خبر"]) == 0
    finally:
        del os.environ["MARSAD_DB"]
