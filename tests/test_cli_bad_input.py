"""Bad input: one line on stderr, exit code 2, no traceback; batches go on."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

GREEK = "Ο πρόεδρος της Ρωσίας είπε ότι η συμφωνία πρέπει να αντικατοπτρίζει την πραγματικότητα. " * 5
LATIN1 = "Le président a déclaré que l'accord doit refléter la réalité sur le terrain, à Genève. " * 5


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_missing_path(tmp_path: Path) -> None:
    code, out, err = run("extract", str(tmp_path / "nope.html"))
    assert_one_line_error(code, err, "nope.html: no such file")
    assert out == ""


def test_directory(tmp_path: Path) -> None:
    code, _, err = run("extract", str(tmp_path))
    assert_one_line_error(code, err, "is a directory")


@pytest.mark.parametrize("content", [b"", b"   \n\n  \t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "empty")


@pytest.mark.parametrize(("content", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (bytes(range(256)) * 40, "binary"),
])
def test_binary_file(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "file.html"
    path.write_bytes(content)
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, what)


@pytest.mark.parametrize(("text", "codec"), [(GREEK, "cp1253"), (LATIN1, "latin-1")])
def test_undeclared_non_utf8_text_is_refused_with_a_hint(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(codec))
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "not UTF-8", "--encoding")


def test_encoding_option_reads_greek(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(("Τίτλος άρθρου για τη συμφωνία\n\n" + GREEK).encode("cp1253"))
    code, out, err = run("extract", "--json", "--encoding", "cp1253", str(path))
    assert code == 0, err
    assert "πραγματικότητα" in out
    assert '"language":"el"' in out


def test_declared_charset_in_html_is_used(tmp_path: Path) -> None:
    html = (f"<html><head><meta charset='windows-1253'><title>Δοκιμή</title></head>"
            f"<body><article><h1>Δοκιμή</h1><p>{GREEK}</p><p>{GREEK}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp1253"))
    code, out, err = run("extract", "--json", str(path))
    assert code == 0, err
    assert "πραγματικότητα" in out


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("hello", encoding="utf-8")
    code, _, err = run("extract", "--encoding", "klingon-8", str(path))
    assert_one_line_error(code, err, "unknown encoding")


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        chunk = b"<p>" + b"word " * 2000 + b"</p>\n"
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "larger than the 20 MB limit", "--max-bytes")


def test_gzip_bomb_is_stopped(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 30_000_000))
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "limit")


def test_html_without_article(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav>"
                    "<footer>© 2026 Somebody</footer></body></html>", encoding="utf-8")
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "no article text found")


def test_text_without_article(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Home\nWorld\nPolitics\n  • Sports\n© 2026 Somebody\n", encoding="utf-8")
    code, _, err = run("extract", str(path))
    assert_one_line_error(code, err, "no article text found")


@pytest.mark.parametrize("payload", [
    "<html><body><script>alert(1)</script><p onclick='x()'>" + "<div>" * 5000 + "deep" + "</div>" * 5000,
    "<html><body>" + "<p>unclosed " * 3000,
    "<<<>>><!DOCTYPE html><html><body><![CDATA[ x ]]><p>\x00</p>",
])
def test_hostile_html_never_tracebacks(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(payload, encoding="utf-8")
    code, _, err = run("extract", "--json", str(path))
    assert "Traceback" not in err
    assert code in (0, 2)
    if code == 2:
        assert_one_line_error(code, err)


def test_url_that_cannot_be_fetched() -> None:
    url = f"http://127.0.0.1:{free_port()}/story.html"
    code, _, err = run("extract", "--timeout", "2", url)
    assert_one_line_error(code, err, url, "cannot be fetched")


def test_stdin_empty() -> None:
    code, _, err = run("extract", "-", input=b"")
    assert_one_line_error(code, err, "stdin: empty")


def test_batch_goes_on_past_bad_inputs(tmp_path: Path, putin_dir: Path) -> None:
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run("extract", "--json", str(missing), str(putin_dir / "protothema.txt"), str(empty),
                         str(putin_dir / "translated-outlet.txt"))
    assert code == 2
    assert len(out.strip().splitlines()) == 2  # both good pages were extracted
    lines = err.strip().splitlines()
    assert lines == [
        f"Error: {missing}: no such file; check the path",
        f"Error: {empty}: empty; nothing to extract",
        "Error: 2 of 4 inputs failed",
    ]


def test_json_and_markdown_together_is_refused(putin_dir: Path) -> None:
    code, _, err = run("extract", "--json", "--markdown", str(putin_dir / "protothema.txt"))
    assert_one_line_error(code, err, "choose one of --json and --markdown")
