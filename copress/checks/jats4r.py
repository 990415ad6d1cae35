"""JATS4R Schematron rules (copress/vocab/jats4r) run on a JATS XML file with Saxon-HE."""

from __future__ import annotations

import copy
import hashlib
import threading
from pathlib import Path

from lxml import etree

from copress.findings import Finding
from copress.checks.model import Check, Context, Rule
from copress.cache import read_cached, write_cached
from copress.errors import CopressError

RULES_DIR = Path(__file__).resolve().parent.parent / "vocab" / "jats4r"
SCHEMA = RULES_DIR / "jats4r.sch"

# Bump when the compilation below changes, so cached stylesheets are rebuilt.
COMPILER_VERSION = "1"

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
_SEVERITIES = {"error": "error", "fatal": "error", "warning": "warning", "warn": "warning", "info": "info"}

_lock = threading.Lock()
_state: dict = {}


def _rules_key() -> str:
    digest = hashlib.sha256()
    digest.update(f"{COMPILER_VERSION}\0{etree.LXML_VERSION}\0{RULES_DIR}\0".encode())
    for file in sorted(RULES_DIR.iterdir()):
        if file.suffix in {".sch", ".xml"}:
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def compile_rules() -> str:
    """Compile the JATS4R Schematron to an XSLT 3 stylesheet (text) with the ISO skeleton lxml ships.

    lxml's skeleton is the XSLT 1 one, so three things are put right afterwards: the
    stylesheet is declared XSLT 3.0 (the rules use XPath 2), the schema's xsl:function
    elements are copied in (the skeleton drops them), and the prefixes xsd and xs, used
    but not declared by the rules, are declared. Its needless walk of the whole document
    in the default mode once per pattern is removed. xml:base points at the rules folder,
    where document('credit-roles.xml') and the other lists are found.
    """
    from lxml import isoschematron

    schema = etree.parse(str(SCHEMA))
    expanded = isoschematron.iso_abstract_expand(isoschematron.iso_dsdl_include(schema))
    root = expanded.getroot()
    functions = [copy.deepcopy(f) for f in root.iter(f"{{{XSL}}}function")]
    root.set("queryBinding", "xslt")  # the XSLT 1 skeleton refuses any other binding
    stylesheet = isoschematron.iso_svrl_for_xslt1(expanded).getroot()
    if stylesheet is None or stylesheet.tag != f"{{{XSL}}}stylesheet":
        raise CopressError("could not compile the JATS4R rules", file=SCHEMA)
    stylesheet.set("version", "3.0")
    stylesheet.set("{http://www.w3.org/XML/1998/namespace}base", SCHEMA.as_uri())
    for pattern in stylesheet.iter(f"{{{SVRL}}}active-pattern"):
        for walk in pattern.findall(f"{{{XSL}}}apply-templates"):
            pattern.remove(walk)
    output = stylesheet.find(f"{{{XSL}}}output")
    at = list(stylesheet).index(output) + 1 if output is not None else 0
    for offset, function in enumerate(functions):
        stylesheet.insert(at + offset, function)
    text = etree.tostring(stylesheet, encoding="unicode")
    start = text.index(" ")  # after the root element's name
    declare = ' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    return text[:start] + declare + text[start:]


def compiled_rules_path() -> Path:
    """The compiled rules, compiled once and kept in the cache folder (a temp folder if that is read-only)."""
    name = f"jats4r-{_rules_key()}.xsl"
    target = read_cached(name) or write_cached(name, compile_rules().encode("utf-8"))
    if target is not None:
        return target
    raise CopressError("no writable cache folder for the compiled JATS4R rules", hint="set COPRESS_CACHE_DIR")


def _executable():
    """Saxon processor and the compiled rules, made once per process."""
    if "executable" not in _state:
        from saxonche import PySaxonProcessor

        processor = PySaxonProcessor(license=False)
        xslt = processor.new_xslt30_processor()
        path = compiled_rules_path()
        executable = xslt.compile_stylesheet(stylesheet_text=path.read_text(encoding="utf-8"))
        _state.update(processor=processor, executable=executable)
    return _state["processor"], _state["executable"]


def _phases() -> dict[str, str]:
    """Pattern id → 'errors' or 'warnings', from the schema's phases (for asserts without a role)."""
    if "phases" not in _state:
        schema = etree.parse(str(SCHEMA))
        phases = {}
        for phase in schema.iter(f"{{{SCH}}}phase"):
            for active in phase.iter(f"{{{SCH}}}active"):
                phases.setdefault(active.get("pattern"), phase.get("id"))
        _state["phases"] = phases
    return _state["phases"]


def _line(tree: etree._ElementTree, location: str | None) -> int | None:
    if not location:
        return None
    try:
        hits = tree.xpath(location)
    except etree.XPathError:
        return None
    if not hits:
        return None
    node = hits[0]
    if not hasattr(node, "sourceline"):  # an attribute
        node = getattr(node, "getparent", lambda: None)()
    return getattr(node, "sourceline", None)


def check_jats(path: Path, shown: str | None = None, area: str = "jats") -> list[Finding]:
    """Validate one JATS file against the JATS4R rules; severity from each rule's role. Findings
    name the file `shown` (default: the path) in `area`."""
    path = Path(path)
    shown = shown or str(path)
    if not path.is_file():
        raise CopressError("JATS file to check not found", file=path)
    # No DTD is loaded (the DOCTYPE is ignored), no network, only internal entities.
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities="internal")
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        return [
            Finding(
                area=area,
                rule="jats/not-well-formed",
                severity="error",
                message=f"not well-formed XML: {exc.msg}",
                file=shown,
                line=exc.lineno,
            )
        ]
    # The root element alone: no DOCTYPE, so Saxon never looks for the JATS DTD.
    text = etree.tostring(tree.getroot(), encoding="unicode")
    with _lock:
        processor, executable = _executable()
        node = processor.parse_xml(xml_text=text, encoding="UTF-8")
        report = executable.transform_to_string(xdm_node=node)
    svrl = etree.fromstring(report.encode("utf-8"))

    phases = _phases()
    findings = []
    pattern = None
    for item in svrl:
        if item.tag == f"{{{SVRL}}}active-pattern":
            pattern = item.get("id")
        elif item.tag in (f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
            role = (item.get("role") or "").lower()
            severity = _SEVERITIES.get(role)
            if severity is None:
                severity = "warning" if phases.get(pattern) == "warnings" else "error"
            text_el = item.find(f"{{{SVRL}}}text")
            message = " ".join("".join(text_el.itertext()).split()) if text_el is not None else ""
            location = item.get("location")
            findings.append(
                Finding(
                    area=area,
                    rule=f"jats4r/{pattern or 'unknown'}",
                    severity=severity,
                    message=message,
                    file=shown,
                    line=_line(tree, location),
                    hint=f"at {location}" if location else None,
                )
            )
    return findings


def run(context: Context) -> list[Finding]:
    # JATS4R's info-level notes are advice about optional markup, not accessibility problems.
    return [f for path in context.inputs
            for f in check_jats(path, context.shown(path), area="accessibility") if f.severity != "info"]


def pattern_ids() -> list[str]:
    """The JATS4R rules' pattern ids: the rest of every `jats4r/…` rule id."""
    return sorted(p.get("id") for sch in RULES_DIR.glob("*.sch")
                  for p in etree.parse(str(sch)).iter(f"{{{SCH}}}pattern") if p.get("id"))


CHECK = Check(
    "jats4r", "accessibility", "the JATS4R check of the JATS XML",
    rules=(
        Rule("jats/not-well-formed", "error", "the JATS file is not well-formed XML",
             "no publisher's system can read it", "rebuild it; report it if it persists"),
        Rule("jats4r/*", "error or warning",
             "a JATS4R rule is broken; the rest of the id is the rule's pattern in copress/vocab/jats4r "
             "(e.g. jats4r/accessibility-errors)",
             "JATS4R's recommendations make JATS reusable and accessible across publishers",
             "the message names the element; fix its source in the manuscript or metadata",
             "JATS4R Schematron (copress/vocab/jats4r/README.md)"),
    ),
    run=run, inputs=lambda context: context.public(".xml"))
