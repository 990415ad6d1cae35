"""Fonts as far as reading text needs them: shown strings to Unicode through the /ToUnicode CMap."""

from __future__ import annotations

import re

import pikepdf


class Font:
    """Enough of a font to turn shown strings into Unicode text (via /ToUnicode)."""

    def __init__(self, font):
        self.width = 2 if font.get("/Subtype") == "/Type0" else 1
        self.map: dict[int, str] = {}
        self.ranges: list[tuple[int, int, object]] = []
        tu = font.get("/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            try:
                self._parse(tu.read_bytes().decode("latin-1"))
            except pikepdf.PdfError:
                pass

    def _parse(self, text: str):
        m = re.search(r"begincodespacerange\s*<([0-9a-fA-F]+)>", text)
        if m:
            self.width = max(1, len(m.group(1)) // 2)
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
                self.map[int(src, 16)] = _utf16(dst)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])", block
            ):
                if dst.startswith("["):
                    dsts = [_utf16(d) for d in re.findall(r"<([0-9a-fA-F]*)>", dst)]
                else:
                    dsts = dst[1:-1]
                self.ranges.append((int(lo, 16), int(hi, 16), dsts))

    def decode(self, data: bytes) -> str:
        out = []
        w = self.width
        for i in range(0, len(data) - w + 1, w):
            code = int.from_bytes(data[i : i + w], "big")
            ch = self.map.get(code)
            if ch is None:
                ch = self._from_ranges(code)
                self.map[code] = ch
            out.append(ch)
        return "".join(out)

    def _from_ranges(self, code: int) -> str:
        for lo, hi, dst in self.ranges:
            if lo <= code <= hi:
                if isinstance(dst, list):
                    return dst[code - lo] if code - lo < len(dst) else ""
                base = _utf16(dst)
                if not base:
                    return ""
                return base[:-1] + chr(ord(base[-1]) + code - lo)
        return chr(code) if self.width == 1 and 32 <= code < 127 else ""


def _utf16(hexstr: str) -> str:
    try:
        return bytes.fromhex(hexstr).decode("utf-16-be", "replace")
    except ValueError:
        return ""
