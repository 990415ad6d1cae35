"""PDF: WeasyPrint (PDF/UA-1) in this process, sandboxed to the project, then PDF/UA fixes."""

from __future__ import annotations

import gc
import logging
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from ...assets import asset_dir
from ...errors import CopressError


class RefusedFetch(Exception):
    """Marker for a reference the sandbox refused (wrapped in WeasyPrint's fatal error)."""


def sandbox_fetcher(allowed: list[Path]):
    """A WeasyPrint URL fetcher that reads data: URLs and the files the input gate allows under
    `allowed` (each a project folder, or copress's templates), nothing else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    from ... import gate

    roots = [p.resolve() for p in allowed]

    class SandboxFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(unquote(parsed.path)).resolve()
                if path.is_file() and any(gate.refused_reason(path, root) is None for root in roots):
                    return super().fetch(url, headers)
            error = FatalURLFetchingError(f"refused to fetch {url}")
            error.refused = url
            raise error

    return SandboxFetcher(allowed_protocols=["data", "file"], fail_on_errors=True)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


_gc_lock = threading.Lock()
_gc_users = 0  # renders running now
_gc_saved: tuple[int, int, int] = (700, 10, 10)  # the thresholds to restore


@contextmanager
def rare_collections():
    """Run the cycle collector rarely inside the block, then as before.

    WeasyPrint's layout and the PDF/UA fix allocate millions of small objects that reference
    counting frees; at Python's default (a young-generation pass every 700 allocations) the
    collector took about a tenth of the guide's render on this machine. Scoped, not global, so
    a long-lived process (tests, `copress serve`) keeps its own settings; counted, so renders
    in several threads at once restore the settings only when the last one ends.
    """
    global _gc_users, _gc_saved
    with _gc_lock:
        if not _gc_users:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(50_000, 20, 100)
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if not _gc_users:
                gc.set_threshold(*_gc_saved)


def _no_attachments(document) -> None:
    """Attachments off: WeasyPrint embeds the target of <a rel="attachment"> and <link
    rel="attachment"> into the PDF, which would publish whatever file a chapter names. Links to
    local files go too: their target is an absolute path of this machine."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links
                      if link[0] != "attachment" and not (link[0] == "external"
                                                          and str(link[1]).startswith("file:"))]


# WeasyPrint's own stylesheet draws list numbers with tabular digits; Atkinson Hyperlegible's
# tabular digits are glyphs no character maps to, so the PDF could not say which digit a screen
# reader should read (veraPDF: PDF/UA-1 7.21.7-1). The plain digits are mapped.
MARKERS = "::marker { font-variant-numeric: normal }"


@contextmanager
def marked_elements():
    """While WeasyPrint writes the structure tree, mark each structure element it makes for a
    box with /CopressBox: one number per HTML element (and pseudo-element) and structure type
    (a <li> without a bullet makes an LI and an LBody), the same on every
    page the element crosses, so continuations.py can merge the per-page pieces back.

    WeasyPrint's tagger recurses through the module-level name `_build_box_tree`, so wrapping
    that name reaches every box. WeasyPrint is pinned (70.x): if the private function is
    missing, nothing is marked and nothing is merged (the PDF is as WeasyPrint makes it).
    Meanwhile pydyf's list of page references is kept between reads (`_cached`), and its
    streams are compressed fast (`_FAST_ZLIB`)."""
    import pydyf
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        yield
        return
    numbers: dict[tuple[int, str, str], int] = {}

    def build(box, *args, **kwargs):
        source = box._box if isinstance(box, AbsolutePlaceholder) else box
        for element in original(box, *args, **kwargs):
            if getattr(source, "element", None) is not None and "CopressBox" not in element:
                key = (id(source.element), str(source.element_tag), str(element["S"]))
                element["CopressBox"] = numbers.setdefault(key, len(numbers) + 1)
            yield element

    with _tags_lock:
        tags._build_box_tree = build
        page_references = pydyf.PDF.page_references
        pydyf.PDF.page_references = _cached(page_references)
        library_zlib = pydyf.zlib
        pydyf.zlib = _FAST_ZLIB
        try:
            yield
        finally:
            tags._build_box_tree = original
            pydyf.PDF.page_references = page_references
            pydyf.zlib = library_zlib


class _FastZlib:
    """What pydyf uses of zlib, at level 1. pydyf compresses every stream at level 9 (a
    quarter of a second for the guide's 2.4 MB of page content and object streams), and the
    PDF/UA fix then decompresses them and writes the page contents and object streams anew, at
    qpdf's own level: the intermediate file's compression was wasted. Only the streams no fix
    touches (fonts, their ToUnicode maps) keep level 1: 0.4% larger on the guide."""

    @staticmethod
    def compress(data, level=-1):
        return zlib.compress(data, 1)

    @staticmethod
    def compressobj(level=-1, *args, **kwargs):
        return zlib.compressobj(1)


_FAST_ZLIB = _FastZlib()


def _cached(page_references: property) -> property:
    """pydyf's PDF.page_references, kept until a page is added. pydyf builds the tuple of every
    page's reference afresh on each read, and WeasyPrint's tagger reads it once per structure
    element (and the anchors once per link): quadratic in the pages of a book-length PDF."""
    def cached(pdf):
        pages = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_copress_page_references")
        if kept is None or kept[0] != pages:  # pydyf only ever appends pages
            kept = pdf.__dict__["_copress_page_references"] = (pages, page_references.fget(pdf))
        return kept[1]
    return property(cached)


_tags_lock = threading.Lock()


def render_pdf(html: str, base: Path, allowed: list[Path], source: str,
               stylesheets: list[Path | str] = ()) -> bytes:
    """Render `html` to a tagged PDF/UA-1. WeasyPrint's logged errors (missing alt or lang) fail it."""
    with rare_collections():
        return _render_pdf(html, base, allowed, source, stylesheets)


def _render_pdf(html: str, base: Path, allowed: list[Path], source: str,
                stylesheets: list[Path | str]) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    from . import fix_pdf

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        fetcher = sandbox_fetcher([*allowed, asset_dir("templates")])
        document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
        extra = [CSS(string=MARKERS), *(CSS(string=sheet) if isinstance(sheet, str)  # generated CSS text
                                        else CSS(filename=str(sheet), url_fetcher=fetcher)
                                        for sheet in stylesheets)]
        # render, then write, as HTML.write_pdf does, with the attachments taken out between
        options = {"pdf_variant": "pdf/ua-1", "stylesheets": extra}
        rendered = document.render(**options)
        _no_attachments(rendered)
        with marked_elements():
            pdf = rendered.write_pdf(**options)
    except FatalURLFetchingError as err:
        refused = getattr(err, "refused", None) or getattr(err.__cause__, "refused", None) or str(err)
        raise CopressError(f"the PDF would need '{refused}', which is outside the project",
                           source, hint="copress reads only files inside the project folder; "
                                        "copy the file into the project") from None
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise CopressError("the PDF is not accessible: " + "; ".join(dict.fromkeys(handler.messages)),
                           source, hint="every image needs alt text and the document a language")
    return fix_pdf(pdf)
