"""Reading pages from a real local HTTP server, from stdin and from .gz files."""

from __future__ import annotations

import gzip
import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

import storyline
from storyline.cli import cli


@pytest.fixture(scope="module")
def server(examples_dir: Path) -> Iterator[str]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(examples_dir))

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
            pass

    httpd = Quiet(("127.0.0.1", 0), handler)
    handler.keywords["directory"] = str(examples_dir)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_extract_url(server: str) -> None:
    article = storyline.extract(f"{server}/harbor-gazette.html")
    assert article.source == f"{server}/harbor-gazette.html"
    assert article.title == "Kestrel recalls about 4,500 space heaters after overheating reports, fires"
    assert article.input_format == "html"


def test_extract_url_page_text(server: str) -> None:
    article = storyline.extract(f"{server}/coastline-daily.txt")
    assert article.input_format == "text"
    assert article.outlet == "Coastline Daily"


def test_url_not_found(server: str) -> None:
    result = CliRunner().invoke(cli, ["extract", f"{server}/nope.html"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {server}/nope.html: the server answered HTTP 404\n"


def test_url_too_large(server: str) -> None:
    result = CliRunner().invoke(cli, ["extract", "--max-bytes", "1000", f"{server}/harbor-gazette.html"])
    assert result.exit_code == 2
    assert "larger than" in result.stderr and "--max-bytes" in result.stderr


def test_stdin(examples_dir: Path) -> None:
    data = (examples_dir / "faros-limaniou.txt").read_bytes()
    result = CliRunner().invoke(cli, ["extract", "--json", "-"], input=data)
    assert result.exit_code == 0, result.stderr
    article = storyline.Article.model_validate_json(result.stdout)
    assert article.source == "-"
    assert article.language == "el"
    assert article.flags.machine_translated


def test_gzip_file(tmp_path: Path, examples_dir: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((examples_dir / "diario-del-puerto.html").read_bytes()))
    article = storyline.extract(path)
    assert article.language == "es"
    assert article.published.iso == "2025-03-04T16:30"


def test_format_option_forces_text(examples_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", "--json", "--format", "text",
                                      str(examples_dir / "harbor-gazette.txt")])
    assert result.exit_code == 0
    assert '"input_format":"text"' in result.stdout


def test_markdown_output(examples_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", "--markdown", str(examples_dir / "harbor-gazette.html")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# Kestrel recalls about 4,500 space heaters after overheating reports, fires"
    assert "## What owners should do" in lines
    assert "- **Outlet:** The Harbor Gazette" in lines


def test_summary_output(putin_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(putin_dir / "protothema.txt")])
    assert result.exit_code == 0
    assert "Published: 20 November 09:28, year unknown, at the latest 2025 [dateline]" in result.stdout
    assert "Body:      12 paragraphs" in result.stdout


def test_urls_are_told_apart_whatever_their_case() -> None:
    from storyline.sources import is_url

    assert is_url("HTTPS://example.org/a") and is_url("Http://example.org") and not is_url("https-notes.txt")
