"""Every image is a file inside the project and has alt text; nothing is fetched from elsewhere."""

from urllib.parse import unquote, urlparse

import panflute as pf

from copress import gate
from copress.errors import CopressError
from copress.filterkit import context


def check_image(elem: pf.Image, doc) -> None:
    ctx = context(doc)
    url = elem.url
    needle = f"({url}"
    scheme = urlparse(url).scheme
    if scheme or url.startswith("//"):
        raise ctx.sources.error(
            f"image '{url}' is not a file in the project; copress fetches nothing from the network "
            "or from outside the project", needle,
            hint="download the picture into manuscript/figures/ and refer to it as figures/NAME.png")
    # The input gate: inside the project, not in contributors/, build/, .git/ or a private
    # side file (symlinks resolved), and a real picture by its bytes.
    file, line = ctx.sources.locate(needle)
    target = gate.resolve(unquote(url), ctx.project.manuscript, ctx.project.root,
                          gate.Where(file, line), what="image", assets=False)
    try:
        gate.check_picture(target, ctx.project.shown(target))
    except CopressError as err:
        raise CopressError(f"image '{url}': {ctx.project.shown(target)} {err.message}", file, line,
                           err.hint) from None
    # pandoc 3 moves a figure's alt="…" into the image's description and the caption into the
    # Figure; without alt="…" the description is the caption again, which is no alt text.
    alt = elem.attributes.get("alt", "").strip() or pf.stringify(elem).strip()
    figure = elem.parent.parent if isinstance(elem.parent, pf.Plain) else None
    if isinstance(figure, pf.Figure) and alt == pf.stringify(figure.caption).strip():
        raise ctx.sources.error(
            f"figure '{url}' has no alt text", needle,
            hint='add alt="what the picture shows" in braces after it; the caption is not alt text')
    if not alt:
        raise ctx.sources.error(f"image '{url}' has no alt text", needle,
                                hint="describe the picture between the square brackets: ![description](...)")
    elem.attributes["alt"] = alt


def action(elem, doc):
    if isinstance(elem, pf.Image):
        check_image(elem, doc)


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action)
