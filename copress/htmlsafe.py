"""What people's HTML may become on a page, and the policy every standalone page carries.

People's text reaches a page as pandoc's HTML (raw HTML, link targets, attributes). It is cleaned
with nh3 (Ammonia, an HTML5 parser with an allow-list) once per rendered body, then
`finish_page` gives the page a Content-Security-Policy that allows only copress's own scripts,
by hash: a vector the allow-list missed would still not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from urllib.parse import unquote

import nh3

from .errors import CopressError

# ---------------------------------------------------------------------------- the allow-list
# Text-level and block HTML that pandoc writes and authors use. No forms or controls, frames,
# embedded objects, <base>/<meta>/<link>/<style>/<script>, SVG or MathML (pandoc embeds pictures
# as <img src="data:…">, and writes maths as text), so nothing here can fetch, submit or run.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption",
    "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt",
    "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby",
    "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# On every allowed tag, with any `aria-*` and `data-*` (pandoc writes unknown attributes as
# data-*; copress reads data-gripp2, data-cites). `style` is kept, for the properties below only.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "style", "tabindex"})
ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})
TAG_ATTRIBUTES = {
    "a": {"href", "hreflang"},  # no rel (WeasyPrint embeds rel="attachment" targets), no target
    "img": {"src", "alt", "width", "height"},  # no srcset: one URL attribute per picture
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "time": {"datetime"}, "data": {"value"}, "del": {"datetime"}, "ins": {"datetime"},
    "details": {"open"},
}
# pandoc writes widths of columns and sized pictures, cell alignment and small capitals. Nothing
# that positions or layers (position, z-index) can make one part of a page pose as another.
STYLE_PROPERTIES = frozenset({
    "width", "height", "min-width", "max-width", "min-height", "max-height", "text-align",
    "vertical-align", "font-style", "font-weight", "font-variant", "text-decoration",
    "white-space", "list-style-type",
})
# Whose text goes with them: their content is code or markup, never words for the reader.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "applet", "noembed", "noframes", "xmp", "plaintext", "title", "textarea", "select",
})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A picture on a page is a data: URI of a picture type (an SVG in <img> runs no script):
# copress embeds every picture, so a page never fetches one (its policy says img-src data:), and
# a raw-HTML <img src="file"> would reach the PDF without the alt-text check of filters/images.py.
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", "image/avif"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "background",
                            "xlink:href", "ping", "srcset", "data", "longdesc", "manifest"})

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# Browsers drop leading C0 controls and spaces and every tab and newline; this drops more.
_IGNORED = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_DATA_IMAGE = re.compile(r"data:([a-z0-9.+\-]+/[a-z0-9.+\-]+)[;,]", re.IGNORECASE)


def _compact(url: str) -> str:
    """The URL as a browser reads its scheme: whitespace and control characters anywhere are
    ignored (`java\\tscript:` is `javascript:`), and, to be safe, invisible format characters."""
    return _IGNORED.sub("", url)


def url_scheme(url: str, decode: bool = False) -> str | None:
    """The URL's scheme in lower case, or None for a relative URL or a fragment. With `decode`
    (URLs in the pandoc AST, which DOCX and JATS readers may decode further), character
    references and percent-escapes are undone first, repeatedly: `jav&#x61;script:` and
    `%6Aavascript:` count as javascript."""
    if decode:
        for _ in range(4):
            plain = unquote(html.unescape(url))
            if plain == url:
                break
            url = plain
    match = _SCHEME.match(_compact(url))
    return match.group(1).lower() if match else None


def safe_url(url: str, image: bool = False, decode: bool = False) -> bool:
    """Whether a link (or, with `image`, a picture's source) may keep this URL: relative,
    http(s) or mailto, or for a picture also a data: URI of a picture type."""
    scheme = url_scheme(url, decode)
    if scheme is None or scheme in URL_SCHEMES:
        return True
    return image and data_picture(url)


def data_picture(url: str) -> bool:
    """Whether the URL is a data: URI of a picture type. Only its start is read (a picture's
    data runs to megabytes); padding that pushes the type further is refused."""
    match = _DATA_IMAGE.match(_compact(url[:200]))
    return bool(match) and match.group(1).lower() in IMAGE_TYPES


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Every kept attribute passes here: URLs are judged again (Ammonia allows data: everywhere
    once it is an allowed scheme, and checks only href and src), and a picture must be embedded."""
    if tag == "img" and name == "src":
        return value if data_picture(value) else None
    if name in URL_ATTRIBUTES and not safe_url(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}},
    generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
    url_schemes=set(URL_SCHEMES | {"data"}),
    attribute_filter=_attribute,
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,
    strip_comments=True,
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes={})


def sanitise(fragment: str) -> str:
    """An HTML fragment with only allowed tags, attributes, URLs and styles; open tags closed.

    Cleaned again until it stops changing: Ammonia's output of mis-nested markup can parse into
    another tree (`<h1><a><h1></a>` gives an <h1> inside an <h1>, which no parser builds), and
    the page should hold the tree a browser will build from it (the defence against mutation
    XSS). It settles on the second pass in practice; the bound keeps a pathological input cheap."""
    cleaned = _CLEANER.clean(fragment)
    for _ in range(3):
        again = _CLEANER.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment as plain text (for metadata: a title carries no markup)."""
    return html.unescape(_TEXT_ONLY.clean(fragment))


# ------------------------------------------------------------------------ a rendered body
# render_html puts these around the body as raw blocks: everything from the first start to the
# last end is people's, so a fake marker inside the body only widens what is cleaned.
BODY_START = "<!--copress-body-start-->"
BODY_END = "<!--copress-body-end-->"


def body_markers() -> tuple[dict, dict]:
    """The two raw blocks (pandoc JSON) that go first and last in a body."""
    return ({"t": "RawBlock", "c": ["html", BODY_START]}, {"t": "RawBlock", "c": ["html", BODY_END]})


def sanitise_body(page: str) -> str:
    """The page with the part between the body markers cleaned and the markers taken out. A
    page without a start marker has no body from people (its template prints no $body$)."""
    start = page.find(BODY_START)
    if start < 0:
        return page
    end = page.rfind(BODY_END)
    inner_from = start + len(BODY_START)
    if end < inner_from:  # no end: everything after the start is people's
        return page[:start] + sanitise(page[inner_from:])
    return page[:start] + sanitise(page[inner_from:end]) + page[end + len(BODY_END):]


# pandoc's names for raw HTML (`{=html}`); raw output for any other format is not for a page.
HTML_FORMATS = frozenset({"html", "html4", "html5"})


# ---------------------------------------------------------------------------- the page policy

def script_hash(text: str) -> str:
    """The CSP source for an inline script whose text (between <script> and </script>) is `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(scripts: Iterable[str] = (), local_files: bool = False) -> str:
    """The Content-Security-Policy of a page: nothing is fetched but embedded data: pictures and
    fonts (and, with `local_files`, the files beside the page: the course's stylesheet and
    fonts), inline styles are allowed (pandoc sizes pictures and columns with them), and the
    only scripts are the ones listed, by hash."""
    hashes = sorted({script_hash(text) for text in scripts})
    own = "'self' " if local_files else ""
    allowed = " ".join(hashes) or "'none'"
    return (f"default-src 'none'; img-src {own}data:; style-src {own}'unsafe-inline'; "
            f"font-src {own}data:; base-uri 'none'; form-action 'none'; script-src {allowed}")


_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


def finish_page(page: str, scripts: Iterable[str] = (), local_files: bool = False) -> str:
    """The page with its policy as the first element of <head> after the charset. `scripts` are
    the texts of copress's own inline scripts on it (each written as <script>TEXT</script>):
    only they may run, so an attacker's script that got past the sanitiser still cannot."""
    scripts = list(scripts)
    for text in scripts:
        if f"<script>{text}</script>" not in page:
            raise ValueError("finish_page: a script listed is not on the page as <script>TEXT</script>")
    content = html.escape(policy(scripts, local_files), quote=False)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:  # a project's own copy of a page template
        raise CopressError("a page template has no <head>, where the page's security policy goes",
                           "templates/", hint='keep <head> and <meta charset="utf-8"> in your copy of '
                                             "the template (copress's own is in copress/templates/)")
    return page[:anchor.end()] + "\n" + meta + page[anchor.end():]
