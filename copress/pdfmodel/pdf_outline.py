"""An outline (outline.py) read from a tagged PDF's structure tree, in its order: the reading
order a screen reader follows."""

from __future__ import annotations

import pikepdf
from pikepdf import Dictionary, Name, String

from .objects import kids, kind, oid
from .outline import Item
from .structure import StructTree
from .text import element_text, join_lines, marked_text

HEADINGS = {f"/H{n}": n for n in range(1, 7)} | {"/H": 0}
SCOPES = {"/Row": "row", "/Column": "col", "/Both": "both"}


def pdf_outline(pdf: pikepdf.Pdf) -> list[Item]:
    """The outline of a tagged PDF, in the structure tree's order (its reading order)."""
    return _PdfReader(pdf).items()


class _PdfReader:
    def __init__(self, pdf: pikepdf.Pdf):
        self.tree = StructTree(pdf.Root.StructTreeRoot, refs_first=True)  # as the checker reads
        self.text_of = marked_text(pdf)

    def items(self) -> list[Item]:
        out: list[Item] = []
        for elem in self.tree.children[None]:
            self._walk(elem, out)
        return out

    def _walk(self, elem, out: list[Item]):
        s = self.tree.type(elem)
        children = self.tree.children.get(oid(elem), [])
        if s in HEADINGS:
            out.append(Item("heading", HEADINGS[s], self.text(elem)))
        elif s == "/L":
            lis = [c for c in children if self.tree.type(c) == "/LI"]
            out.append(Item("list", len(lis), ""))
        elif s == "/LI":
            out.append(Item("item", 0, self.text(elem, skip={"/Lbl", "/L"})))
        elif s == "/Table":
            out.append(Item("table", 0, self._headers(elem)))
        elif s == "/Figure":
            out.append(Item("figure", 0, _string(elem.get("/Alt"))))
            return  # what a figure draws is its alt text
        elif s == "/Link":
            out.append(Item("link", 0, self.text(elem)))
        elif s == "/Form":
            out.append(Item("field", 0, self._field_name(elem)))
        for child in children:
            self._walk(child, out)

    def _descendants(self, elem) -> list:
        out = []
        for child in self.tree.children.get(oid(elem), []):
            out.append(child)
            out += self._descendants(child)
        return out

    def _headers(self, table) -> str:
        """The table's header cells in order, each with its scope: its /Scope, else what the
        cells that name it in their /Headers say (cells of its own row: 'row', else 'col')."""
        cells = [c for c in self._descendants(table) if self.tree.type(c) in ("/TH", "/TD")]
        row_of = {oid(c): oid(self.tree.parent.get(oid(c))) for c in cells}
        by_id = {bytes(c.ID): c for c in cells if isinstance(c.get("/ID"), String)}
        named: dict = {}  # TH oid -> {'row', 'col'}
        for cell in cells:
            for attrs in _attribute_dicts(cell):
                for ident in attrs.get("/Headers", []) if attrs.get("/O") == Name("/Table") else []:
                    th = by_id.get(bytes(ident)) if isinstance(ident, String) else None
                    if th is not None:
                        same_row = row_of[oid(th)] == row_of[oid(cell)]
                        named.setdefault(oid(th), set()).add("row" if same_row else "col")
        out = []
        for th in (c for c in cells if self.tree.type(c) == "/TH"):
            scope = next((SCOPES.get(str(a.Scope), str(a.Scope)) for a in _attribute_dicts(th)
                          if a.get("/O") == Name("/Table") and "/Scope" in a), None)
            if scope is None:
                found = named.get(oid(th), set())
                scope = "both" if len(found) > 1 else next(iter(found), "") or self._auto(th)
            text = self.text(th)
            out.append(f"{text} [{scope}]" if scope else text)
        return " | ".join(out)

    def _auto(self, th) -> str:
        """A header no cell names: a column header if its row is in THead, as the HTML table
        model's 'auto' scope reads it (html_outline reads an HTML page's the same way)."""
        row = self.tree.parent.get(oid(th))
        group = self.tree.parent.get(oid(row)) if row is not None else None
        return "col" if group is not None and self.tree.type(group) == "/THead" else ""

    def _field_name(self, form) -> str:
        for item in kids(form):
            if kind(item, self.tree.refs_first) == "objr":
                widget = item.get("/Obj")
                field = widget.get("/Parent", widget) if "/TU" not in widget else widget
                return _string(field.get("/TU"))
        return ""

    def text(self, elem, skip: frozenset | set = frozenset()) -> str:
        """What elem reads as: its /ActualText or /Alt, else the text drawn under it."""
        return join_lines(element_text(elem, self.tree, self.text_of, skip))


def _string(value) -> str:
    return str(value) if isinstance(value, String) else ""


def _attribute_dicts(elem) -> list:
    attrs = elem.get("/A")
    if isinstance(attrs, Dictionary):
        return [attrs]
    if isinstance(attrs, pikepdf.Array):
        return [a for a in attrs if isinstance(a, Dictionary)]
    return []
