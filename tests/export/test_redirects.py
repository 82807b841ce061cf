"""Redirect files: nginx validated by ``nginx -t`` and by a real nginx answering requests,
Apache lines parsed as Apache parses them, Netlify lines; same-page and shared-page cases."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from taxonomy.document import load_taxonomy
from taxonomy.export import ExportFormat, ExportOptions, Site, export
from taxonomy.export.redirects import regex_escape
from taxonomy.model import ACCEPTED, Concept, Taxonomy

DATA = Path(__file__).resolve().parent.parent / "data" / "export"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


def render(
    fmt: ExportFormat, options: ExportOptions | None = None, taxonomy: Taxonomy | None = None
) -> tuple[str, tuple[str, ...]]:
    _, result = export(taxonomy or load_taxonomy(DATA / "escaping.yaml"), fmt, options)
    return result.text, result.notes


def nginx_conf(tmp_path: Path, map_text: str, port: int = 0) -> Path:
    (tmp_path / "map.conf").write_text(map_text, encoding="utf-8")
    conf = tmp_path / "nginx.conf"
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n"
        f"  access_log off; client_body_temp_path {tmp_path}/body; {temp}\n"
        f"  include {tmp_path}/map.conf;\n"
        f"  server {{\n    listen 127.0.0.1:{port or 8080};\n"
        "    if ($taxonomy_redirect) { return 301 $taxonomy_redirect; }\n"
        "    if ($taxonomy_gone) { return 410; }\n"
        '    location / { return 200 "page\\n"; }\n  }\n}\n',
        encoding="utf-8",
    )
    return conf


def nginx_test(tmp_path: Path, conf: Path) -> subprocess.CompletedProcess[str]:
    assert NGINX is not None
    return subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@needs_nginx
@pytest.mark.parametrize("site", [Site.blogger, Site.wordpress, Site.hugo])
def test_nginx_accepts_the_map(tmp_path: Path, site: Site) -> None:
    text, _ = render(ExportFormat.nginx, ExportOptions(site=site))
    done = nginx_test(tmp_path, nginx_conf(tmp_path, text))
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


@needs_nginx
def test_nginx_refuses_plain_keys_that_differ_only_in_case(tmp_path: Path) -> None:
    """Why keys that collide ignoring case are regular expressions: as plain strings nginx
    refuses them (its map compares strings ignoring case)."""
    text = (
        'map $uri $taxonomy_redirect {\n    "/search/label/news" "/search/label/News";\n'
        '    "/search/label/NEWS" "/search/label/News";\n}\nmap $uri $taxonomy_gone {\n}\n'
    )
    done = nginx_test(tmp_path, nginx_conf(tmp_path, text))
    assert done.returncode != 0
    # nginx names the key case-folded: it compares them ignoring case
    assert 'conflicting parameter "/search/label/news" in' in done.stderr


def _long_labels() -> Taxonomy:
    """The bundled example's longest merge: its key, 50 bytes, overflows nginx's default
    64-byte map bucket (a pointer, the key and two bytes aligned to 8, the ending pointer)."""
    return Taxonomy(
        concepts=(
            Concept(
                "An Asian Development Bank",
                aliases=("Mongolia and Asian Development Bank",),
                status=ACCEPTED,
            ),
        )
    )


def test_nginx_sets_the_bucket_size_only_for_long_keys() -> None:
    text, _ = render(ExportFormat.nginx, taxonomy=_long_labels())
    assert "\nmap_hash_bucket_size 128;\nmap $uri $taxonomy_redirect {\n" in text
    short, _ = render(ExportFormat.nginx)
    assert "map_hash_bucket_size" not in short  # the default fits: no directive to clash


@needs_nginx
def test_nginx_accepts_long_keys(tmp_path: Path) -> None:
    text, _ = render(ExportFormat.nginx, taxonomy=_long_labels())
    done = nginx_test(tmp_path, nginx_conf(tmp_path, text))
    assert done.returncode == 0, done.stderr
    without = text.replace("map_hash_bucket_size 128;\n", "")
    done = nginx_test(tmp_path, nginx_conf(tmp_path, without))
    assert "you should increase map_hash_bucket_size: 64" in done.stderr  # why it is there


def test_nginx_case_variants_become_case_sensitive_regexes() -> None:
    text, notes = render(ExportFormat.nginx)
    assert '    "~^/search/label/NEWS$" "/search/label/News";\n' in text
    assert '    "~^/search/label/news$" "/search/label/News";\n' in text
    assert notes == (
        "nginx compares plain keys ignoring case: the pages of 'NEWS', 'news' are written as "
        "case-sensitive regular expressions",
    )
    # Cyrillic case is not folded by nginx: a plain key
    assert '    "/search/label/монгол улс" "/search/label/%D0%9C' in text


def test_nginx_keys_are_escaped() -> None:
    text, _ = render(ExportFormat.nginx)
    assert '    "/search/label/\\"Hi\\" there" "/search/label/Say%20%22Hi%22";\n' in text
    assert '    "/search/label/Price: $5; {cheap}" "/search/label/Say%20%22Hi%22";\n' in text
    assert '    "/search/label/Spam?" 1;\n' in text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def nginx_server(tmp_path: Path) -> Iterator[int]:
    assert NGINX is not None
    text, _ = render(ExportFormat.nginx)
    port = _free_port()
    conf = nginx_conf(tmp_path, text, port)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-e", "stderr", "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get(port: int, path: str) -> tuple[int, str | None]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, None
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location")
        exc.close()
        return exc.code, location


@needs_nginx
def test_nginx_redirects_real_requests(nginx_server: int) -> None:
    """Browsers send the encoded path; nginx decodes it into $uri, which the keys match."""
    port = nginx_server
    base = f"http://127.0.0.1:{port}"
    label = "/search/label/"
    assert get(port, label + "Mongolia%20and%20US") == (301, base + label + "Mongolia%20and%20USA")
    assert get(port, label + "news") == (301, base + label + "News")
    assert get(port, label + "NEWS") == (301, base + label + "News")
    assert get(port, label + "News") == (200, None)  # no loop
    assert get(port, label + "nEWS") == (200, None)  # not a label of the document
    assert get(port, label + quote("монгол улс")) == (301, base + label + quote("Монгол Улс"))
    assert get(port, label + "Caf%C3%A9s%2FBars") == (301, base + label + "Caf%C3%A9%20%26%20Bar")
    assert get(port, label + "100%25natural") == (301, base + label + "100%25%20Natural")
    assert get(port, label + quote("Price: $5; {cheap}")) == (301, base + label + "Say%20%22Hi%22")
    assert get(port, label + "Say%20'Hi'") == (301, base + label + "Say%20%22Hi%22")
    assert get(port, label + "Spam%3F") == (410, None)
    assert get(port, label + "Spam?") == (200, None)  # that is /search/label/Spam, a query
    assert get(port, label + "Moninfo") == (410, None)


def apache_args(line: str) -> list[str]:
    """Split a config line as Apache's ap_getword_conf does: double-quoted words, in which
    ``\\"`` and ``\\\\`` stand for ``"`` and ``\\``."""
    words = re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', line)
    return [re.sub(r'\\(["\\])', r"\1", quoted) if quoted else bare for quoted, bare in words]


def test_apache_lines_match_exactly_the_old_decoded_path() -> None:
    text, _ = render(ExportFormat.apache)
    taxonomy = load_taxonomy(DATA / "escaping.yaml")
    rules = [apache_args(line) for line in text.splitlines() if not line.startswith("#")]
    assert all(rule[0] == "RedirectMatch" for rule in rules)
    olds = {a for c in taxonomy.walk() if c.status == ACCEPTED for a in c.aliases}
    olds |= {"Russia and China", "Moninfo", "Spam?"}
    for old in olds:
        path = "/search/label/" + old
        matching = [rule for rule in rules if re.search(rule[2], path)]
        assert len(matching) == 1, (old, matching)
        assert not any(re.search(rule[2], path + "x") for rule in rules)  # anchored
    gone = {rule[2] for rule in rules if rule[1] == "410"}
    assert gone == {"^/search/label/Moninfo$", "^/search/label/Spam\\?$"}
    assert [
        "RedirectMatch",
        "301",
        '^/search/label/"Hi" there$',
        "/search/label/Say%20%22Hi%22",
    ] in rules


def test_regex_escape_is_literal() -> None:
    for text in ["a.b", "(x)|[y]{2}", "$5^", "C++?", "a\\b", "Монгол * é"]:
        assert re.fullmatch(regex_escape(text), text)
    assert regex_escape("a.b") == "a\\.b"
    assert regex_escape("Say 'Hi' & /") == "Say 'Hi' & /"


def test_netlify_paths_are_encoded() -> None:
    text, _ = render(ExportFormat.netlify)
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert all(len(line.split(" ")) == 3 for line in lines)  # no unencoded space
    assert "/search/label/Caf%C3%A9s%2FBars /search/label/Caf%C3%A9%20%26%20Bar 301" in lines
    assert "/search/label/Spam%3F /404.html 410" in lines
    assert "/search/label/Say%20%27Hi%27 /search/label/Say%20%22Hi%22 301" in lines


def test_the_same_page_gets_no_redirect() -> None:
    """WordPress gives 'news' and 'News' one slug: a redirect would loop."""
    text, notes = render(ExportFormat.netlify, ExportOptions(site=Site.wordpress))
    assert "/tag/news/" not in text
    assert "'news' -> 'News': the same page /tag/news/, no redirect" in notes
    assert "'монгол улс' -> 'Монгол Улс': the same page /tag/монгол-улс/, no redirect" in notes


def test_two_old_labels_with_one_page() -> None:
    taxonomy = Taxonomy(
        concepts=(Concept("Mongolia", aliases=("Mongolie", "mongolie!"), status=ACCEPTED),)
    )
    text, notes = render(ExportFormat.netlify, ExportOptions(site=Site.wordpress), taxonomy)
    assert [line for line in text.splitlines() if not line.startswith("#")] == [
        "/tag/mongolie/ /tag/mongolia/ 301"
    ]
    assert notes == (
        "'mongolie!' has the same page as 'Mongolie' (/tag/mongolie/): only the redirect of "
        "'Mongolie' is written",
    )


def test_split_redirects_to_its_first_part() -> None:
    text, _ = render(ExportFormat.netlify)
    assert "/search/label/Russia%20and%20China /search/label/Russia 301" in text
