"""A MECA package (Manuscript Exchange Common Approach, NISO RP-30-2023): the article's public
outputs in one zip, listed in manifest.xml with what each file is.

The zip is the same bytes for the same outputs (fixed times and permissions, a fixed order), so
an unchanged article gives an unchanged package, as every other output does.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..errors import CopressError
from ..vocab.stages import slugify

MANIFEST = "manifest.xml"
MANIFEST_NS = "https://manuscriptexchange.org/schema/manifest"
XLINK = "http://www.w3.org/1999/xlink"
DOCTYPE = '<!DOCTYPE manifest PUBLIC "-//MECA//DTD Manifest v1.0//en" "https://meca.zip/manifest-1.0.dtd">'


@dataclass(frozen=True)
class Item:
    """One file of the package as the manifest describes it (RP-30's item types)."""

    item_type: str
    title: str
    media_type: str


CREDIT_STATEMENT = "credit/contributions.html"  # made anew when the article may show fewer people
# Output (relative to the build folder) → what it is in the package, in the manifest's order.
# The JATS is the article's metadata and text; the PDF and the Word file are the manuscript;
# the GRIPP2 form and the credit statement are supplementary files the editors read with it.
ITEMS: dict[str, Item] = {
    "article.xml": Item("article-metadata", "The article in JATS XML", "application/xml"),
    "article.pdf": Item("manuscript", "The manuscript (accessible PDF)", "application/pdf"),
    "article.docx": Item("manuscript", "The manuscript (Word)",
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "supplementary/gripp2-short-form.html": Item(
        "manuscript-supporting-file", "GRIPP2 short form: reporting public involvement", "text/html"),
    CREDIT_STATEMENT: Item(
        "manuscript-supporting-file", "Who did what: contributions (CRediT) and involvement", "text/html"),
}
# Files the JATS refers to (its figures) are packed as they are referenced.
FIGURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".svg": "image/svg+xml"}
# A zip member's time: the earliest a zip can hold, so the bytes never depend on the clock.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def package_name(title: str) -> str:
    """The package's file name, from the article's first words: sharing-power-when-we-meca.zip."""
    words = slugify(title).split("-")[:4] or ["article"]
    return "-".join(words) + "-meca.zip"


def referenced_files(jats: bytes) -> list[str]:
    """The files the JATS refers to by a relative path (its figures), in document order.
    Parsed with entities, DTDs and the network off: the XML is copress's, but it is read as input."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(jats, parser)
    found = []
    for element in root.iter("graphic", "inline-graphic", "media", "supplementary-material"):
        href = element.get(f"{{{XLINK}}}href", "")
        if href and not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) and href not in found:
            found.append(href)
    return found


def figure_item(name: str) -> Item:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix not in FIGURE_TYPES or name.startswith(("/", "..")) or "/../" in name or "private" in name.split("/"):
        raise CopressError(f"the article refers to '{name}', which cannot go into the submission package",
                           "build/article.xml",
                           hint="figures go in manuscript/figures/ as PNG, JPEG, GIF or SVG files; "
                                "fix the image's path in the manuscript and build again")
    return Item("article-supporting-file", f"Figure: {name.rsplit('/', 1)[-1]}", FIGURE_TYPES[suffix])


def manifest_xml(items: dict[str, Item]) -> bytes:
    """manifest.xml: one <item> per file, in the order given."""
    root = etree.Element(f"{{{MANIFEST_NS}}}manifest", nsmap={None: MANIFEST_NS, "xlink": XLINK})
    root.set("manifest-version", "1.0")
    for n, (name, item) in enumerate(items.items(), start=1):
        element = etree.SubElement(root, f"{{{MANIFEST_NS}}}item", {"id": f"item-{n}", "item-type": item.item_type})
        etree.SubElement(element, f"{{{MANIFEST_NS}}}item-title").text = item.title
        etree.SubElement(element, f"{{{MANIFEST_NS}}}instance",
                         {"media-type": item.media_type, f"{{{XLINK}}}href": name})
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n{body}'.encode("utf-8")


def meca_zip(files: dict[str, bytes], items: dict[str, Item]) -> bytes:
    """The package: manifest.xml first, then every file of `items` (whose bytes are in `files`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [(MANIFEST, manifest_xml(items)), *((n, files[n]) for n in items)]:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
