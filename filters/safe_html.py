"""Make the document safe for every writer: metadata is plain text, links and pictures keep only
safe URLs, no event handlers or rel on elements, no raw output but HTML.

Raw HTML in the body stays: pandoc splits it into fragments ("<span class=x>" and "</span>" in
separate elements) that a sanitiser would close or escape one by one, so copress.htmlsafe
cleans each edition's rendered body as a whole. The DOCX and JATS writers drop raw HTML; raw
OpenXML or JATS (`{=openxml}`, Word fields such as INCLUDETEXT) would reach those files
untouched, so it is removed here.
"""

import panflute as pf

from copress.htmlsafe import HTML_FORMATS, URL_ATTRIBUTES, plain_text, safe_url

# Attributes no element of the AST may carry into any output. `rel` would let a link ask
# WeasyPrint to attach its target to the PDF.
DROPPED_ATTRIBUTES = URL_ATTRIBUTES | {"rel", "target", "srcdoc"}


def prepare(doc):
    """Metadata is printed outside the body (title, byline, keywords): raw HTML there becomes
    its words, other raw formats nothing."""
    doc.metadata = doc.metadata.walk(_plain)


def _plain(elem, doc):
    if isinstance(elem, pf.RawInline):
        words = plain_text(elem.text) if elem.format in HTML_FORMATS else ""
        return pf.Str(words) if words else []
    if isinstance(elem, pf.RawBlock):
        words = plain_text(elem.text) if elem.format in HTML_FORMATS else ""
        return pf.Plain(pf.Str(words)) if words else []
    return None


def action(elem, doc):
    if isinstance(elem, (pf.RawInline, pf.RawBlock)):
        return None if elem.format in HTML_FORMATS else []
    if isinstance(elem, pf.Link) and not safe_url(elem.url, decode=True):
        elem.url = "#"
    elif isinstance(elem, pf.Image) and not safe_url(elem.url, image=True, decode=True):
        elem.url = ""
    attributes = getattr(elem, "attributes", None)
    if attributes:
        for key in [k for k in attributes if k.lower().startswith("on") or k.lower() in DROPPED_ATTRIBUTES]:
            del attributes[key]
    return None


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action, prepare=prepare)
