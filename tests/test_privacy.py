"""The privacy promise, tested with canary values in every public output (text and metadata)."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pikepdf
import yaml
from pdfminer.high_level import extract_text

from conftest import REPO, commit_all, copy_sample, git, run_copress

NOT_FULL = {"sam-rivers": "pseudonym", "contributor-hl": "initials", "public-contributor-a": "anonymous"}


def _plant_canaries(project: Path) -> list[str]:
    """Put canaries in git:, private:, full names and ids of people not named in full."""
    canaries = []
    metadata_path = project / "manuscript/metadata.yaml"
    metadata = metadata_path.read_text()
    tracked = [p for p in sorted((project / "contributors").glob("*.yaml"))
               if not p.name.endswith(".private.yaml")]
    for n, path in enumerate(tracked):
        data = yaml.safe_load(path.read_text())
        side_path = path.with_name(f"{path.stem}.private.yaml")
        side = yaml.safe_load(side_path.read_text()) if side_path.exists() else {}
        side_path.unlink(missing_ok=True)
        git_canary = f"canary-git-{n}@mail.example.net"
        private_canary = f"CanaryPrivate{n}Zq"
        # Canaries in both places a value may be kept: the tracked file (older projects) and
        # the private side file.
        data["git"] = [git_canary]
        side["git"] = [f"canary-sidegit-{n}@mail.example.net"]
        data["private"] = {"note": private_canary}
        side["private"] = {"bank": {"sort_code": f"CanarySort{n}Zq"}}
        canaries += [git_canary, side["git"][0], private_canary, f"CanarySort{n}Zq"]
        if path.stem in NOT_FULL:
            assert data["named"] == NOT_FULL[path.stem]
            side["name"] = f"Canaryfirst{n}zq Canarylast{n}zq"
            data.pop("initials", None)
            new_id = f"canaryid{n}zq"
            canaries += [f"Canaryfirst{n}zq", f"Canarylast{n}zq", new_id]
            metadata = metadata.replace(path.stem, new_id)
            path.unlink()
            path = path.with_name(f"{new_id}.yaml")
            side_path = path.with_name(f"{new_id}.private.yaml")
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
        side_path.write_text(yaml.safe_dump(side, allow_unicode=True))
    metadata_path.write_text(metadata)
    return canaries


def _public_texts(build: Path) -> dict[str, str]:
    """Every public output as searchable text, metadata included."""
    texts = {}
    for path in sorted(build.rglob("*")):
        if not path.is_file() or "private" in path.relative_to(build).parts:
            continue
        data = path.read_bytes()
        if path.suffix == ".pdf":
            pdf = pikepdf.open(io.BytesIO(data))
            raw = io.BytesIO()
            pdf.save(raw, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
            meta = repr(dict(pdf.docinfo)) + str(pdf.open_metadata())
            texts[str(path)] = extract_text(io.BytesIO(data)) + meta + raw.getvalue().decode("latin-1")
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                texts[str(path)] = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        else:
            texts[str(path)] = data.decode("utf-8", "replace")
    return texts


def test_no_private_value_name_id_or_local_path_reaches_any_output(tmp_path):
    # The folder carries a user name, as home folders do.
    project = copy_sample(tmp_path / "home-canaryuserzq" / "project", commit=False)
    canaries = _plant_canaries(project)
    commit_all(project, "canaries")
    # Commits by mapped identities (one co-authored) and by an identity nobody claims.
    for author, trailer in [("Canary Mapped <canary-git-0@mail.example.net>",
                             "Co-authored-by: Canary Co <canary-git-3@mail.example.net>"),
                            ("Canary Stranger <canary-stranger@mail.example.net>", "")]:
        (project / "manuscript/02-background.md").write_text(
            (project / "manuscript/02-background.md").read_text() + "\nMore words.\n")
        git("add", ".", cwd=project)
        git("commit", "-q", "--author", author, "-m", f"edit\n\n{trailer}", cwd=project)
    canaries += ["Canary Mapped", "Canary Co", "Canary Stranger", "canary-stranger"]
    result = run_copress("build", "all", "-C", str(project))
    assert result.returncode == 0, result.stderr
    texts = _public_texts(project / "build")
    assert {Path(p).suffix for p in texts} >= {".pdf", ".html", ".docx", ".xml", ".png", ".svg",
                                                ".cff", ".json", ".md"}
    # absolute paths: the project's, the user's home, copress's own installation
    canaries += ["canaryuserzq", str(tmp_path), str(Path.home()) + "/", str(REPO) + "/", sys.prefix]
    for path, text in texts.items():
        for canary in canaries:
            assert canary not in text, f"{canary!r} leaked into {path}"
    # ...while the consented forms are there
    html = (project / "build/article.html").read_text()
    assert "Sam Rivers" in html and "Public contributor" in html and "C.\u00a0C." in html
