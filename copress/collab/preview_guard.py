"""What the preview server answers: which request paths reach a file, which Host headers it
trusts, and the security headers and Content-Security-Policy of every response."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

# Percent-decoding is repeated until the path stops changing, so `%2570` (an encoded `%70`) is
# judged as `p`; a path still changing after this many rounds is refused rather than trusted.
MAX_DECODING_ROUNDS = 4

# Sent with every response, errors included.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

# Everything but scripts: a built page needs inline styles, embedded fonts and pictures; its
# scripts are allowed one by one (the reload script by nonce, the page's own by hash).
_POLICY = ("default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; font-src data:; "
           "script-src {scripts}; connect-src 'self'; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'none'")
# For everything that is not a built HTML page (an SVG opened on its own, an error): no script.
NO_SCRIPT_POLICY = _POLICY.format(scripts="'none'")

_HASH_SOURCE = re.compile(r"'sha(?:256|384|512)-[A-Za-z0-9+/_-]+={0,2}'")
_END_OF_HEAD = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)


def request_segments(target: str) -> list[str] | None:
    """The path of a request target as plain, decoded segments under the output folder, or
    None when it must be refused: an absolute URL or `*`, undecodable bytes or control
    characters, a climb above the folder, or any segment that is private or hidden."""
    if not target.startswith("/"):
        return None
    path = target.split("?", 1)[0].split("#", 1)[0]
    for _ in range(MAX_DECODING_ROUNDS):
        try:
            decoded = unquote(path, errors="strict")
        except UnicodeDecodeError:
            return None
        if decoded == path:
            break
        path = decoded
    else:
        return None
    if any(ord(char) < 0x20 or char == "\x7f" for char in path):
        return None
    segments: list[str] = []
    for segment in path.replace("\\", "/").split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                return None
            segments.pop()
        elif is_hidden(segment):
            return None
        else:
            segments.append(segment)
    return segments


def is_hidden(segment: str) -> bool:
    """A folder or file name the preview never serves: `private` (in any case, and as a
    Windows or macOS file system would also read it) or any name starting with a dot."""
    name = unicodedata.normalize("NFKC", segment).casefold()
    return name.startswith(".") or name.rstrip(". ") == "private"


def served_file(segments: list[str], out: Path) -> Path | None:
    """The real file or folder the segments name inside `out`, symlinks resolved, or None when
    it does not exist, lies outside `out`, or is reached through a private or hidden name."""
    root = out.resolve()
    try:
        real = root.joinpath(*segments).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root):
        return None
    if any(is_hidden(part) for part in real.relative_to(root).parts):
        return None
    return real


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def host_allowed(hosts: list[str], port: int, names: tuple[str, ...] = LOOPBACK_NAMES) -> bool:
    """Whether the request named this preview by one of `names` (by default its loopback
    names) and its port. Anything else is refused: a web page on another site whose name was
    re-pointed at this machine (DNS rebinding) sends its own name here. A name given with its
    own port (`myhost:9000`, for a container whose port is published under another number)
    is accepted on that port only; the port may be left out only on port 80."""
    if len(hosts) != 1:
        return False
    allowed = set()
    for name in (name.strip().lower() for name in names):
        if _has_port(name):
            allowed.add(name)
        else:
            allowed |= {f"{name}:{port}", *([name] if port == 80 else [])}
    return hosts[0].strip().lower() in allowed


def _has_port(name: str) -> bool:
    return bool(re.fullmatch(r"(?:\[[0-9a-f:.]+\]|[^:\[\]]+):[0-9]+", name))


def host_name_problem(name: str) -> str | None:
    """Why `name` cannot be a Host name the preview answers to (`--host`), or None."""
    if not re.fullmatch(r"(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?", name.strip()):
        return ("a host name is letters, digits, dots and hyphens (or an IPv6 address in "
                "brackets), optionally with :PORT")
    return None


class _HeadPolicies(HTMLParser):
    """The <meta http-equiv="Content-Security-Policy"> tags of a page's head, as written."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str]] = []  # (the tag's text, its content)

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "content-security-policy":
            self.tags.append((self.get_starttag_text(), values.get("content", "")))


def page_policy(page: str, nonce: str) -> tuple[str, str]:
    """The page as the preview serves it and its Content-Security-Policy header. The page's own
    CSP meta tags are taken out and their script hashes moved into the header: left in, they
    would also apply and block the preview's reload script, which they cannot know the nonce of."""
    end = _END_OF_HEAD.search(page)
    parser = _HeadPolicies()
    parser.feed(page[:end.start()] if end else page)  # head and body tags are optional
    hashes: list[str] = []
    for tag, content in parser.tags:
        directives = {}
        for directive in content.split(";"):
            name, _, value = directive.strip().partition(" ")
            directives.setdefault(name.lower(), value)
        scripts = next((directives[name] for name in ("script-src-elem", "script-src", "default-src")
                        if name in directives), "")
        hashes += [source for source in _HASH_SOURCE.findall(scripts) if source not in hashes]
        page = page.replace(tag, "", 1)
    return page, _POLICY.format(scripts=" ".join([f"'nonce-{nonce}'", *hashes]))
