"""Real WeasyPrint pdf/ua-1 output through copress.render.pdf's fixes and copress.checks.pdf_ua."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pikepdf
import pytest
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

from copress.checks.pdf_ua import check_pdf
from copress.render.pdf import fix_document, fix_pdf

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`

weasyprint = pytest.importorskip("weasyprint")


def _png(width: int = 8, height: int = 6) -> bytes:
    """A small red RGB PNG made with zlib and struct only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes((200, 30, 30)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG_URL = "data:image/png;base64," + base64.b64encode(_png()).decode()

PAGE_CSS = """
@page { size: A6; margin: 2cm 1.5cm;
        @top-center { content: "Running head" }
        @bottom-center { content: counter(page) } }
"""


def _html(body: str, css: str = "") -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Test article</title><style>{PAGE_CSS}{css}</style></head>"
        f"<body>{body}</body></html>"
    )


ARTICLE = _html(
    "<h1>Test article</h1>"
    '<p>Read <a href="https://example.org/x">Example link text</a> first.</p>'
    f'<p><img src="{PNG_URL}" alt="A small red rectangle"></p>'
    "<table><thead><tr><th>Group</th><th>Count</th></tr></thead>"
    "<tbody><tr><td>A</td><td>12</td></tr><tr><td>B</td><td>7</td></tr></tbody></table>"
    + "".join(
        f"<h2>Section {i}</h2><p>Paragraph {i}. " + "Words fill the page here. " * 25 + "</p>"
        for i in range(1, 5)
    )
)


def _render(html: str, tmp_path, **options) -> bytes:
    options.setdefault("pdf_variant", "pdf/ua-1")
    return weasyprint.HTML(string=html, base_url=str(tmp_path)).write_pdf(**options)


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _errors(findings):
    return [f for f in findings if f.severity == "error"]


def _rules(findings):
    return {f.rule for f in findings}


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """(raw WeasyPrint bytes, fixed bytes, folder) for the multi-page article."""
    folder = tmp_path_factory.mktemp("article")
    raw = _render(ARTICLE, folder)
    return raw, fix_pdf(raw), folder


def test_article_is_multi_page(article):
    raw, fixed, _ = article
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert len(pdf.pages) >= 3
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert len(pdf.pages) >= 3
        assert pdf.check_pdf_syntax() == []


def test_check_reports_unreachable_margin_content_in_raw_output(article):
    raw, _, folder = article
    findings = check_pdf(_write(folder, "raw.pdf", raw))
    untagged = [f for f in findings if f.rule == "pdfua/untagged-content"]
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pages = len(pdf.pages)
    # Running head and page number on every page: one finding per page, all errors.
    assert len(untagged) == pages
    assert all(f.severity == "error" and f.message.startswith("page ") for f in untagged)
    assert all(f.hint for f in untagged)
    assert "pdfua/link-contents-url" in _rules(findings)


def test_fixed_output_has_no_errors(article):
    _, fixed, folder = article
    findings = check_pdf(_write(folder, "fixed.pdf", fixed))
    assert _errors(findings) == []
    assert findings == []  # nor warnings: headings H1, H2… and the link has its text


def test_margin_content_became_pagination_artifacts(article):
    _, fixed, _ = article
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        for page in pdf.pages:
            artifacts = [
                ins
                for ins in pikepdf.parse_content_stream(page)
                if str(ins.operator) == "BDC" and ins.operands[0] == "/Artifact"
            ]
            paginated = [a for a in artifacts if a.operands[1].get("/Type") == "/Pagination"]
            assert len(paginated) == 2  # running head + page number


def test_parent_tree_only_names_elements_in_the_tree(article):
    _, fixed, _ = article
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        root = pdf.Root.StructTreeRoot
        reached, stack = set(), list(root.K)
        while stack:
            elem = stack.pop()
            if not isinstance(elem, pikepdf.Dictionary) or "/S" not in elem:
                continue
            reached.add(elem.objgen)
            kids = elem.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        nums = list(root.ParentTree.Nums)
        for value in nums[1::2]:
            for elem in value if isinstance(value, pikepdf.Array) else [value]:
                assert elem.objgen in reached
        # Dense per-page arrays: MCIDs on each page run 0..n-1.
        for i, page in enumerate(pdf.pages):
            mcids = [
                int(ins.operands[1].MCID)
                for ins in pikepdf.parse_content_stream(page)
                if str(ins.operator) == "BDC" and "/MCID" in ins.operands[1]
            ]
            assert sorted(mcids) == list(range(len(mcids)))
            entry = nums[nums.index(int(page.obj.StructParents)) + 1]
            assert len(entry) == len(mcids)


def test_link_contents_is_link_text_and_link_is_tagged(article):
    _, fixed, _ = article
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        links = [
            annot
            for page in pdf.pages
            for annot in page.obj.get("/Annots", [])
            if annot.Subtype == "/Link"
        ]
        assert len(links) == 1
        link = links[0]
        assert str(link.Contents) == "Example link text"
        assert str(link.A.URI) == "https://example.org/x"
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        owner = nums[nums.index(int(link.StructParent)) + 1]
        assert owner.S == "/Link"
        objrs = [
            k for k in owner.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
        ]
        assert [o.Obj.objgen for o in objrs] == [link.objgen]


def test_fix_is_deterministic_and_idempotent(article):
    raw, fixed, _ = article
    assert fix_pdf(raw) == fixed
    assert fix_pdf(fixed) == fixed
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert not fix_document(pdf).changed
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo


def _text(path, **kwargs) -> str:
    # boxes_flow=None: pdfminer's default box grouping breaks ties by id() and can order the
    # same page differently from one process to the next.
    return extract_text(path, laparams=LAParams(boxes_flow=None), **kwargs)


def test_text_and_page_numbers_survive(article):
    raw, fixed, folder = article
    raw_path, fixed_path = _write(folder, "raw2.pdf", raw), _write(folder, "fixed2.pdf", fixed)
    assert _text(fixed_path) == _text(raw_path)
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        pages = len(pdf.pages)
    for n in range(pages):
        lines = [line.strip() for line in _text(fixed_path, page_numbers=[n]).splitlines()]
        assert "Running head" in lines
        assert str(n + 1) in lines  # the page number is still drawn
    text = _text(fixed_path)
    assert "Example link text" in text and "Paragraph 4." in text


def test_wrapped_image_and_transparent_links(tmp_path):
    """Links WeasyPrint splits per line, wraps around <em>/<img>, or draws in an opacity group."""
    body = (
        "<h1>Links</h1>"
        '<p style="opacity: .5">Faint <a href="https://a.example/op">faint link</a></p>'
        '<p>A <a href="https://example.org/long">very long link text that <em>wraps</em> '
        "across several lines of this narrow page</a>.</p>"
        f'<p><a href="https://img.example/"><img src="{PNG_URL}" alt="Linked image"></a></p>'
    )
    raw = _render(_html(body), tmp_path)
    raw_findings = check_pdf(_write(tmp_path, "raw.pdf", raw))
    assert {"pdfua/untagged-content", "pdfua/link-tag", "pdfua/form-mcid"} <= _rules(raw_findings)

    fixed = fix_pdf(raw)
    assert check_pdf(_write(tmp_path, "fixed.pdf", fixed)) == []
    assert fix_pdf(fixed) == fixed
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        contents = {}
        for annot in pdf.pages[0].obj.Annots:
            contents.setdefault(str(annot.A.URI), set()).add(str(annot.Contents))
    assert contents == {
        "https://a.example/op": {"faint link"},
        "https://example.org/long": {
            "very long link text that wraps across several lines of this narrow page"
        },
        "https://img.example/": {"Linked image"},
    }


def test_form_painted_twice_keeps_mcids_and_stays_consistent(tmp_path):
    """Safe mode: a tagged group XObject painted twice is left numbered as it was."""
    body = '<h1>Twice</h1><p style="opacity: .5">Faint <a href="https://a.example/">text</a></p>'
    with pikepdf.open(io.BytesIO(_render(_html(body), tmp_path))) as pdf:
        page = pdf.pages[0].obj
        form = next(
            name for name, x in page.Resources.XObject.items() if x.get("/Subtype") == "/Form"
        )
        page.Contents.write(page.Contents.read_bytes() + f"\nq {form} Do Q\n".encode())
        out = io.BytesIO()
        pdf.save(out)
    fixed = fix_pdf(out.getvalue())
    assert fix_pdf(fixed) == fixed
    findings = check_pdf(_write(tmp_path, "twice.pdf", fixed))
    assert _errors(findings) == []
    assert _rules(findings) == {"pdfua/form-mcid"}  # honest: still page-numbered MCIDs


def test_table_in_table_is_reported(tmp_path):
    body = (
        "<h1>Tables</h1><table><tr><th>H</th></tr><tr><td>x</td></tr></table>"
    )
    raw = _render(_html(body, css="table { display: block }"), tmp_path)
    findings = check_pdf(_write(tmp_path, "block.pdf", fix_pdf(raw)))
    nested = [f for f in findings if f.rule == "pdfua/table-in-table"]
    assert len(nested) == 1 and nested[0].severity == "error"
    assert "display" in nested[0].hint

    normal = fix_pdf(_render(_html(body), tmp_path))
    assert "pdfua/table-in-table" not in _rules(check_pdf(_write(tmp_path, "table.pdf", normal)))


def test_heading_skip_is_a_warning(tmp_path):
    body = "<h1>Title</h1><p>Intro.</p><h3>Too deep</h3><p>Text.</p>"
    fixed = fix_pdf(_render(_html(body), tmp_path))
    findings = check_pdf(_write(tmp_path, "skip.pdf", fixed))
    assert [(f.rule, f.severity) for f in findings] == [("pdfua/heading-skip", "warning")]


def test_untagged_pdf_fails_and_is_left_alone(tmp_path):
    raw = _render(_html("<h1>Plain</h1><p>Untagged.</p>"), tmp_path, pdf_variant=None)
    assert fix_pdf(raw) == raw
    rules = _rules(_errors(check_pdf(_write(tmp_path, "plain.pdf", raw))))
    expected = {"pdfua/marked", "pdfua/struct-tree", "pdfua/metadata", "pdfua/unmarked-content"}
    assert expected <= rules


def test_unreadable_file(tmp_path):
    findings = check_pdf(_write(tmp_path, "broken.pdf", b"not a pdf"))
    assert [f.rule for f in findings] == ["pdfua/unreadable"]


def test_a_table_split_across_pages_is_reported_as_a_warning(tmp_path):
    from weasyprint import HTML

    from copress.checks.pdf_ua import check_pdf
    from copress.render.pdf import fix_pdf

    rows = "".join(f"<tr><td>Row {n}</td><td>Value {n}</td></tr>" for n in range(120))
    html = ('<html lang="en"><head><title>Split</title></head><body><h1>Split</h1>'
            f"<table><thead><tr><th>Row</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>"
            "</body></html>")
    path = tmp_path / "split.pdf"
    path.write_bytes(fix_pdf(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")))
    rules = {f.rule for f in check_pdf(path)}
    assert "pdfua/split-table" in rules


def _walk_state(tree):
    """A StructTree's findings as plain data: what owns each content key, each link
    annotation's owner, each element's parent and children, the elements in order, and the link
    content keys."""
    from copress.pdfmodel import oid as _oid

    def slot(s):
        return s if s[0] == "k" else ("mcr",)

    return {
        "content": {key: (_oid(owner), slot(s)) for key, (owner, s) in tree.content.items()},
        "objrs": {annot: _oid(owner) for annot, (owner, _) in tree.objrs.items()},
        "parent": {_oid(e): tree.parent[_oid(e)] and _oid(tree.parent[_oid(e)]) for e in tree.elems},
        "elems": [_oid(e) for e in tree.elems],
        "reached": set(tree.reached),
        "link_keys": set(tree.link_keys),
        "children": {key: [_oid(c) for c in kids] for key, kids in tree.children.items()},
    }


def test_merging_wrapped_links_updates_the_walk_as_a_new_walk_would(tmp_path):
    """Links split by line breaks are merged without walking the tree again: the updated walk
    must say exactly what a fresh walk of the changed tree says."""
    from copress.pdfmodel import StructTree
    from copress.render.pdf import FixStats, Fixing
    from copress.render.pdf.links import retag_links

    body = "<h1>Links</h1>" + "".join(
        f'<p>Read <a href="https://example.org/{n}">a link whose text is long enough to wrap '
        f"over several lines of this narrow page number {n}</a> and then more words.</p>"
        for n in range(3)
    )
    with pikepdf.open(io.BytesIO(_render(_html(body), tmp_path))) as pdf:
        root = pdf.Root.StructTreeRoot
        fixing = Fixing(pdf, root, StructTree(root), FixStats())
        retag_links(fixing)
        assert fixing.stats.links_merged >= 3 and fixing.stats.links_retagged == 0
        assert _walk_state(fixing.tree) == _walk_state(StructTree(root))


def test_rare_collections_restores_the_thresholds_after_overlapping_renders():
    import gc
    import threading

    from copress.render.pdf import rare_collections

    before = gc.get_threshold()
    inside, release = threading.Event(), threading.Event()

    def render():
        with rare_collections():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=render)
    with rare_collections():
        worker.start()
        inside.wait(10)
        assert gc.get_threshold() == (50_000, 20, 100)
    assert gc.get_threshold() == (50_000, 20, 100)  # the other render is still running
    release.set()
    worker.join(10)
    assert gc.get_threshold() == before
