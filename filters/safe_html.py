"""Make raw HTML and links from Markdown safe: no scripts, no on* handlers, no javascript: URLs."""

import re

import panflute as pf

# Written by hand: raw HTML reaches the AST as fragments ("<span class=x>" and "</span>"
# in separate elements), which HTML sanitisers (nh3, bleach) would close or escape.
DANGEROUS_BLOCK = re.compile(r"<(script|style|iframe|object|embed|template)\b.*?(</\1\s*>|$)",
                             re.IGNORECASE | re.DOTALL)
DANGEROUS_TAG = re.compile(r"</?(script|style|iframe|object|embed|template|base|meta|link|form)\b[^>]*>",
                           re.IGNORECASE)
HANDLER = re.compile(r"""\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
BAD_URL = re.compile(r"""(\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*(?:javascript|vbscript|data\s*:\s*text/html)[^"'\s>]*""",
                     re.IGNORECASE)
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


def clean_html(text: str) -> str:
    text = DANGEROUS_BLOCK.sub("", text)
    text = DANGEROUS_TAG.sub("", text)
    text = HANDLER.sub("", text)
    return BAD_URL.sub(r"\1#", text)


def action(elem, doc):
    if isinstance(elem, (pf.RawInline, pf.RawBlock)) and elem.format in ("html", "html5", "html4"):
        elem.text = clean_html(elem.text)
    elif isinstance(elem, pf.Link) and UNSAFE_SCHEME.match(elem.url):
        elem.url = "#"
    elif isinstance(elem, (pf.Span, pf.Div, pf.Link, pf.Image, pf.Header, pf.Code, pf.CodeBlock)):
        for key in [k for k in elem.attributes if k.lower().startswith("on")]:
            del elem.attributes[key]


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action)
