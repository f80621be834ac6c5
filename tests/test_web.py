"""The HTTP API and the server-rendered pages, through FastAPI's test client (real app, real library)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from _schema import back_to_schema_2
from storyline.cli import cli
from storyline.web import create_app, is_loopback
from storyline.web.app import serve

REPO = Path(__file__).resolve().parent.parent
HARBOR = REPO / "examples" / "harbor-recall"
TOKEN = "test-token-3f9"
WRITE = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def client(example_library: Path, tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "storyline.db"
    shutil.copy(example_library, db)
    with TestClient(create_app(db, token=TOKEN, max_body=200_000, private_urls=True)) as test_client:
        yield test_client


def _story_id(client: TestClient, first_word: str) -> int:
    stories = client.get("/stories").json()["stories"]
    return next(s["id"] for s in stories if s["title"].startswith(first_word))


def test_stories_story_and_filters(client: TestClient) -> None:
    stories = client.get("/stories").json()["stories"]
    assert [s["title"].split()[0] for s in stories] == ["Union", "Space"]
    recall = stories[1]
    assert recall["independent"] == 4 and recall["copies"] == 1 and recall["languages"] == ["el", "en", "es"]
    assert all({"input", "why", "copy_of"} <= set(a) for a in recall["articles"])
    assert client.get("/stories", params={"language": "de"}).json()["stories"][0]["title"].startswith("Union")
    assert client.get("/stories", params={"until": "2025-03-04"}).json()["stories"][0]["id"] == recall["id"]
    assert client.get("/stories", params={"outlet": "nobody"}).json() == {"stories": []}
    one = client.get(f"/stories/{recall['id']}")
    assert one.status_code == 200 and one.json()["title"] == recall["title"]


def test_comparison_follows_the_contract_and_is_kept(client: TestClient) -> None:
    story = _story_id(client, "Space")
    first = client.get(f"/stories/{story}/comparison")
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    body = first.json()
    assert body["schema"] == "storyline.comparison/1"
    assert len(body["sources"]) == 5 and body["discrepancies"]
    assert any("5,400" in json.dumps(d) and "4,500" in json.dumps(d) for d in body["discrepancies"])  # units
    assert client.get(f"/stories/{story}/comparison").content == first.content  # the cached bytes


def test_search_finds_across_languages(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "incendio en una fábrica alemana"}).json()["hits"]
    assert hits and hits[0]["article"]["story"] == _story_id(client, "Union")
    assert client.get("/search").status_code == 422


def test_sentence_search_gives_the_sentences_holding_the_rarest_words(client: TestClient, tmp_path: Path) -> None:
    body = client.get("/sentences", params={"q": "Which heaters were recalled?", "limit": 5}).json()
    hits = body["hits"]
    assert body["query"] == "Which heaters were recalled?" and 0 < len(hits) <= 5
    recall = _story_id(client, "Space")
    for hit in hits:
        assert hit["story"] == recall and hit["article"] >= 1 and hit["number"] >= 0
        assert "heaters" in hit["sentence"].lower() or "recalled" in hit["sentence"].lower(), hit
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    # The same hits, with the same text, as the CLI's JSON over this library.
    run = CliRunner().invoke(cli, ["search", "--sentences", "--json", "--limit", "5", "--db",
                                   str(tmp_path / "storyline.db"), "Which heaters were recalled?"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout) == hits
    assert client.get("/sentences", params={"q": "zzyzzyva"}).json()["hits"] == []
    assert client.get("/sentences").status_code == 422
    assert client.get("/sentences", params={"q": "heaters", "limit": 0}).status_code == 422


def test_compare_stores_nothing(client: TestClient) -> None:
    pages = [{"html": (HARBOR / name).read_text(encoding="utf-8"), "source": name}
             for name in ("harbor-gazette.html", "coastline-daily.html")]
    before = client.get("/stories").json()
    result = client.post("/compare", json={"pages": pages})
    assert result.status_code == 200, result.text
    comparison = result.json()
    assert comparison["schema"] == "storyline.comparison/1" and len(comparison["sources"]) == 2
    assert any("5,400" in json.dumps(d) and "4,500" in json.dumps(d) for d in comparison["discrepancies"])
    assert client.get("/stories").json() == before


def test_bad_requests_get_json_errors(client: TestClient) -> None:
    cases = [
        (client.post("/compare", content=b"{not json", headers={"content-type": "application/json"}), 422),
        (client.post("/compare", json={"pages": [{"html": "<p>x</p>", "text": "x"}]}), 422),
        (client.post("/compare", json={}), 422),
        (client.post("/compare", json={"pages": [{"text": "Just one line."}, {"text": "\x00\x01 binary"}]}), 422),
        (client.get("/stories/999"), 404),
        (client.get("/stories/abc"), 422),
        (client.get("/no/such/path"), 404),
        (client.post("/compare", json={"pages": [{"text": "x" * 300_000}]}), 413),
    ]
    for response, status in cases:
        assert response.status_code == status, (status, response.text)
        assert response.headers["content-type"].startswith("application/json")
        error = response.json()["error"]
        assert isinstance(error, str) and error and "Traceback" not in error and "\n" not in error
    readable = client.post("/compare", json={"pages": [{"text": "Just one line."}, {"text": "\x00\x01 binary"}]})
    assert "need at least two readable articles" in readable.json()["error"]


def test_a_body_without_length_over_the_limit_gets_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"pages": [{"text": "'
        for _ in range(30):
            yield b"y" * 10_000
        yield b'"}]}'

    response = client.post("/compare", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "over 200,000 bytes" in response.json()["error"]


def test_writes_need_the_token_and_partial_input_stores_nothing(client: TestClient) -> None:
    page = {"html": (HARBOR / "harbor-gazette.html").read_text(encoding="utf-8").replace("4,500", "4,700"),
            "source": "edited.html"}
    assert client.post("/articles", json={"pages": [page]}).status_code == 401
    wrong = {"Authorization": "Bearer wrong"}
    assert client.post("/articles", json={"pages": [page]}, headers=wrong).status_code == 401
    count = sum(len(s["articles"]) for s in client.get("/stories").json()["stories"])
    bad = client.post("/articles", json={"pages": [page, {"html": ""}]}, headers=WRITE)
    assert bad.status_code == 422  # one malformed page: the request is refused whole
    assert sum(len(s["articles"]) for s in client.get("/stories").json()["stories"]) == count
    added = client.post("/articles", json={"pages": [page]}, headers=WRITE)
    assert added.status_code == 200 and added.json()["added"] == 1
    assert sum(len(s["articles"]) for s in client.get("/stories").json()["stories"]) == count + 1


def test_merge_and_split_need_the_token(client: TestClient) -> None:
    union, space = _story_id(client, "Union"), _story_id(client, "Space")
    assert client.post(f"/stories/{space}/merge", json={"other": union}).status_code == 401
    merged = client.post(f"/stories/{space}/merge", json={"other": union}, headers=WRITE)
    assert merged.status_code == 200 and len(merged.json()["articles"]) == 9
    fire = [a["id"] for a in merged.json()["articles"] if a["language"] == "de"]
    split = client.post(f"/stories/{space}/split", json={"articles": fire}, headers=WRITE)
    assert split.status_code == 200 and {a["id"] for a in split.json()["articles"]} == set(fire)
    assert client.post(f"/stories/{space}/split", json={"articles": []}, headers=WRITE).status_code == 422


def test_a_server_without_token_is_read_only(example_library: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_library, db)
    with TestClient(create_app(db)) as read_only:
        response = read_only.post("/articles", json={"pages": [{"text": "x"}]}, headers=WRITE)
        assert response.status_code == 403 and "--token" in response.json()["error"]
        assert read_only.get("/stories").status_code == 200


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/stories", "/stories/{story_id}", "/stories/{story_id}/comparison", "/compare", "/articles",
            "/search"} <= set(paths)
    assert "/story/{story_id}" not in paths  # the HTML pages are not API


def test_pages_render_escaped_html(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "Space heater maker Kestrel" in home.text
    assert home.headers["content-security-policy"].startswith("default-src 'none';")  # no script at all
    assert "script-src" not in home.headers["content-security-policy"]
    story = client.get(f"/story/{_story_id(client, 'Space')}")
    assert story.status_code == 200 and 'id="discrepancies"' in story.text and "<svg" in story.text
    assert client.get("/story/999").status_code == 404
    assert "Search" in client.get("/", params={"q": "sprinklers"}).text
    assert client.get("/compare").status_code == 200


def test_the_compare_page_compares_pasted_text(client: TestClient) -> None:
    texts = [(HARBOR / name).read_text(encoding="utf-8") for name in ("harbor-gazette.txt", "coastline-daily.txt")]
    page = client.post("/compare/view", data={"pasted": texts})
    assert page.status_code == 200 and 'id="discrepancies"' in page.text
    refused = client.post("/compare/view", data={"pasted": texts, "store": "true", "token": "nope"})
    assert refused.status_code == 403 and "nothing was stored" in refused.text


def test_serve_refuses_beyond_loopback_without_a_token(example_library: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    result = CliRunner().invoke(cli, ["serve", "--db", str(example_library), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "without a token" in result.stderr and "Traceback" not in result.output
    from storyline.errors import StorylineError

    with pytest.raises(StorylineError, match="without a token"):
        serve(example_library, host="10.0.0.1")


def test_bench_serve_loads_a_real_server(example_library: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "serve", "--db", str(example_library), "--requests", "20"])
    assert result.exit_code == 0, result.output
    rows = [line.split("|") for line in result.output.splitlines() if line.startswith("| GET") or
            line.startswith("| POST")]
    assert len(rows) == 4
    assert all(row[8].strip() == "0" for row in rows)  # no errors
    assert all(float(row[5]) > 0 and float(row[6]) >= float(row[5]) for row in rows)  # p95 >= p50 > 0
    assert {row[2].strip() for row in rows[:3]} <= {"ab", "httpx"} and rows[3][2].strip() == "httpx"


@pytest.fixture()
def site() -> Iterator[str]:
    """The bundled harbor pages on a local web server (no robots.txt: everything allowed)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HARBOR))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_compare_and_add_fetch_urls(client: TestClient, site: str) -> None:
    urls = [f"{site}/harbor-gazette.html", f"{site}/coastline-daily.html"]
    assert client.post("/compare", json={"urls": urls}).status_code == 401  # a server with a token: fetching needs it
    compared = client.post("/compare", json={"urls": urls}, headers=WRITE)
    assert compared.status_code == 200, compared.text
    assert [s["input"] for s in compared.json()["sources"]] == urls
    missing = client.post("/compare", json={"urls": [f"{site}/nowhere.html"]}, headers=WRITE)
    assert missing.status_code == 422 and "nowhere.html" in missing.json()["error"]
    page = client.post("/compare/view", data={"urls": "\n".join(urls), "token": TOKEN})
    assert page.status_code == 200 and 'id="discrepancies"' in page.text
    added = client.post("/articles", json={"urls": [f"{site}/faros-limaniou.html"]}, headers=WRITE)
    assert added.status_code == 200 and added.json()["unchanged"] + added.json()["duplicates"] == 1



def test_only_public_http_urls_are_fetched(example_library: Path, tmp_path: Path, site: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret plan was agreed on Monday by the board, said the chair. " * 5, encoding="utf-8")
    db = tmp_path / "copy.db"
    shutil.copy(example_library, db)
    with TestClient(create_app(db)) as public:  # no token: loopback, reads open; private URLs refused
        for url in (str(secret), str(tmp_path), "-", f"file://{secret}", "ftp://example.org/x"):
            response = public.post("/compare", json={"urls": [url, url]})
            assert response.status_code == 422 and "http(s)" in response.json()["error"], url
            assert "secret plan" not in response.text
        local = public.post("/compare", json={"urls": [f"{site}/harbor-gazette.html", f"{site}/coastline-daily.html"]})
        assert local.status_code == 422 and "not a public address" in local.text
        view = public.post("/compare/view", data={"urls": str(secret)})
        assert view.status_code == 422 and "secret plan" not in view.text


def test_hostile_text_is_escaped_in_every_page(client: TestClient) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = (f"Harbor crane collapse {payload}\n\nFebruary 3, 2026\n\nA crane collapsed at Pier 9 on Monday, injuring "
            f"five dock workers, the port authority said. {payload} Work was halted at the terminal.\n\n"
            "The harbour master said the crane had passed an inspection in January, before the collapse.")
    pages = [{"text": text, "source": "a.txt"}, {"text": text.replace("five", "six"), "source": "b.txt"}]
    assert client.post("/articles", json={"pages": pages}, headers=WRITE).json()["added"] == 2
    story = next(s["id"] for s in client.get("/stories").json()["stories"] if s["title"].startswith("Harbor crane"))
    for path in ("/", f"/story/{story}", "/?q=crane+collapse"):
        html = client.get(path).text
        assert "<script>" not in html and "<img" not in html, path
        assert "&lt;script&gt;" in html, path


def test_ids_out_of_range_and_foreign_hosts(client: TestClient, example_library: Path, tmp_path: Path) -> None:
    for path in ("/stories/99999999999999999999", "/stories/99999999999999999999/comparison", "/stories/0"):
        response = client.get(path)
        assert response.status_code == 422 and response.json()["error"], path
    assert client.get("/story/99999999999999999999").status_code == 422
    db = tmp_path / "copy.db"
    shutil.copy(example_library, db)
    with TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1") as local:
        assert local.get("/stories").status_code == 200
        assert local.get("/stories", headers={"host": "rebound.example"}).status_code == 400


def test_a_busy_library_never_blocks_the_event_loop(client: TestClient) -> None:
    import threading

    service = client.app.state.service  # type: ignore[attr-defined]
    story = _story_id(client, "Space")
    assert client.get(f"/stories/{story}/comparison").status_code == 200  # now kept
    assert service.kept_comparison(story) is not None
    held, release = threading.Event(), threading.Event()

    def writer() -> None:  # a long write holding the library
        with service.lock:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(5)
    try:
        assert service.kept_comparison(story) is None  # answered at once, not after the write
        assert client.get("/static/storyline.css").status_code == 200
    finally:
        release.set()
        thread.join()
    assert client.get(f"/stories/{story}/comparison").status_code == 200


def test_the_compare_page_compares_uploaded_files_and_stores_with_the_token(client: TestClient) -> None:
    names = ("harbor-gazette.html", "diario-del-puerto.html")
    files = [("files", (name, (HARBOR / name).read_bytes(), "text/html")) for name in names]
    page = client.post("/compare/view", files=files)
    assert page.status_code == 200 and 'id="discrepancies"' in page.text and "Stored:" not in page.text
    before = sum(len(s["articles"]) for s in client.get("/stories").json()["stories"])
    edited = ("edited.html", (HARBOR / names[0]).read_bytes().replace(b"4,500", b"4,600"), "text/html")
    stored = client.post("/compare/view", files=[("files", edited), files[1]], data={"store": "true", "token": TOKEN})
    assert stored.status_code == 200 and "Stored: 1 added" in stored.text
    assert sum(len(s["articles"]) for s in client.get("/stories").json()["stories"]) == before + 1
    too_many = client.post("/compare/view", data={"pasted": ["x"] * 51})
    assert too_many.status_code == 422 and "at most 50" in too_many.text


def test_the_server_indexes_an_older_library_between_requests(example_library: Path, tmp_path: Path) -> None:
    from storyline.library import Library

    db = tmp_path / "old.db"
    shutil.copy(example_library, db)
    with Library(db) as lib:
        back_to_schema_2(lib)
    app = create_app(db, token=TOKEN)
    service = app.state.service
    assert service.library.auto_index is False  # an ask never indexes inside a request
    service.indexer.join(timeout=60)
    assert not service.indexer.is_alive() and service.library.store.sentence_backlog() == 0
    with TestClient(app) as client:
        answer = client.get("/ask", params={"q": "Where were the heaters made?"}).json()
        assert answer["kind"] == "agreement" and "Greaves Landing" in answer["text"]
        assert service.library.search_sentences(["Greaves"])
