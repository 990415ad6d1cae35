"""`copress check --history`: where the git history holds what must not be published.

Before a repository is made public, every commit in it is: authors, committers, messages (and
so trailers), every version of every tracked file and the files' names. This reads the history
once, from one `git log --all -p` stream, and reports where the hidden names and real commit
addresses of people not named in full, ids that give them away, and `private:` values occur.
The values come from the current project (side files merged) and from every past version of
every contributor file, so a value that was committed once and later removed is still looked
for. A finding names the commit, the place and the field the value came from, never the value.

Findings (area 'history', all errors):
  history/private-value   a `private:` value
  history/hidden-name     the real name of someone not named in full
  history/hidden-address  a real commit address of someone not named in full
  history/hidden-id       an id (contributor file name) that gives away someone not named in full
"""

from __future__ import annotations

import codecs
import queue
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..contributors import ANONYMOUS_LABEL, PRIVATE_SUFFIX, is_neutral_address
from ..errors import CopressError
from ..yamlfile import parse_yaml
from ..findings import Finding
from .privacy import Search, normal

RECORD, FIELD = "\x1e", "\x1f"
BINARY = "\nbinary files "  # git's line for a binary file's change, lower-cased
FORMAT = f"--format={RECORD}%h{FIELD}%an{FIELD}%ae{FIELD}%cn{FIELD}%ce{FIELD}%B{FIELD}"
# -U0: only the lines a commit adds matter (context lines were added, and read, earlier)
LOG = ["log", "--all", "-p", "-U0", "--cc", "--full-index", "--no-ext-diff", "--no-textconv",
       "--no-color"]
MIN_LENGTH = 5  # shorter values ("yes", "3") match everywhere and identify nobody
CHUNK = 1 << 20
# Words an id may contain without saying more than the published name does.
GENERIC_WORDS = {normal(label) for label in ANONYMOUS_LABEL.values()} | {
    "contributor", "public", "anonymous", "person", "member", "participant", "carer", "patient"}
HINT = ("rewrite the history before the repository is made public (git filter-repo: "
        "--replace-text for values, --mailmap for names and addresses; docs/check.md), or publish "
        "a fresh repository made from the current tree; keep such values in the git-ignored "
        "contributors/<id>.private.yaml so new ones stay out")

RULES = {"private": "history/private-value", "name": "history/hidden-name",
         "git": "history/hidden-address", "id": "history/hidden-id"}


@dataclass(frozen=True, eq=False)  # deduplicated once: identity is equality (and hashes fast)
class Value:
    """A value to look for: `where` says where it came from (never the value itself)."""

    value: str
    where: str
    kind: str  # a key of RULES


@dataclass
class Hits:
    """One value at one place: the commits it was seen in (newest first, as git log lists them)."""

    value: Value
    place: str
    commits: list[str] = field(default_factory=list)


def history_report(root: Path):
    """`copress check --history`: the audit as a check report (same JSON, same exit codes)."""
    from .run import Report

    return Report(None, audit_history(root))


def audit_history(root: Path) -> list[Finding]:
    root = Path(root).resolve()
    if not root.is_dir() or subprocess.run(["git", "rev-parse", "--git-dir"], cwd=root,
                                           capture_output=True).returncode:
        raise CopressError("is not a git repository", str(root),
                           hint="run copress check --history in the project's git repository (-C DIR)")
    current, naming = _current_values(root)
    values = _dedupe([*current, *_past_values(root, naming)])
    if not values:
        return []
    needles = Needles(values)
    hits: dict[tuple[Value, str], Hits] = {}
    binaries: list[tuple[str, str, str]] = []  # (blob, commit, path) of binary files

    def seen(found: list[tuple[str, Value]], place: str, commit: str) -> None:
        for _, value in found:
            entry = hits.setdefault((value, place), Hits(value, place))
            if not entry.commits or entry.commits[-1] != commit:
                entry.commits.append(commit)

    for batch in _log_batches(root):
        # Cheap first: lower case, added lines unmarked so a value split over two lines reads
        # as one; the words present decide which commits are read closely (usually none).
        low = batch.lower().replace("\n+", "\n ")
        words, binary = needles.words_in(low), BINARY in low
        if not words and not binary:
            continue
        for record, low_record in zip(batch.split(RECORD)[1:], low.split(RECORD)[1:]):
            present = [w for w in words if w in low_record]
            candidates = needles.in_text(low_record, needles.candidates(present)) if present else []
            if candidates or (binary and BINARY in low_record):
                _commit(record, candidates, needles, seen, binaries)
    _binary_files(root, binaries, values, seen)
    return [_finding(h) for h in sorted(hits.values(), key=lambda h: (h.place, h.value.where))]


class Needles:
    """The values, looked for the cheap way first: the longest word of each in lower-case text
    (a value is not there unless its word is), then the value itself in normalised text."""

    def __init__(self, values: list[Value]):
        self.by_word: dict[str, list[tuple[str, Value]]] = {}
        for value in values:
            norm = normal(value.value)
            self.by_word.setdefault(max(norm.split(), key=len), []).append((norm, value))

    def words_in(self, low: str) -> list[str]:
        return [word for word in self.by_word if word in low]

    def candidates(self, words: list[str]) -> list[tuple[str, Value]]:
        return [pair for word in words for pair in self.by_word[word]]

    @staticmethod
    def in_text(text: str, candidates: list[tuple[str, Value]]) -> list[tuple[str, Value]]:
        text = normal(text)
        return [pair for pair in candidates if pair[0] in text]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    except FileNotFoundError:
        raise CopressError("git is not installed", hint="install git, then run copress check --history again") from None
    if done.returncode:
        raise CopressError("is not a git repository (or git failed: "
                           f"{done.stderr.decode('utf-8', 'replace').strip()[:200]})", str(root),
                           hint="run copress check --history in the project's git repository")
    return done.stdout


def _dedupe(values: list[Value]) -> list[Value]:
    """One Value per text (the first: the current project's field before a past version's)."""
    kept: dict[str, Value] = {}
    for value in values:
        key = normal(value.value)
        if len(key) >= MIN_LENGTH and key not in kept:
            kept[key] = value
    return list(kept.values())


# -- the values ------------------------------------------------------------------------------

def _current_values(root: Path) -> tuple[list[Value], dict[str, str]]:
    """From the project as it loads now, side files merged; and each id's naming choice."""
    from ..project import Project

    try:
        project = Project.load(root)
    except CopressError:  # a broken project can still be audited: read its files tolerantly
        return _tree_values(root), {}
    values = []
    for person in project.contributors.values():
        public = {"pseudonym": person.pseudonym, "initials": person.initials_, "named": person.named,
                  "name": person.name}
        values += _person_values(f"contributors/{person.id}.yaml", person.id, person.named,
                                 person.name, person.git, person.private, _public_words(public))
    return values, {person.id: person.named for person in project.contributors.values()}


def _tree_values(root: Path) -> list[Value]:
    values: list[Value] = []
    folder = root / "contributors"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if not path.is_symlink() and path.is_file():
            values += _version_values(f"contributors/{path.name}", path.read_bytes(), {})
    return values


def _past_values(root: Path, naming: dict[str, str]) -> list[Value]:
    """From every version of every contributor file ever committed, side files included: the
    blob ids from one cheap `git log --raw`, their text from one `git cat-file --batch`."""
    raw = _git(root, "log", "--all", "-m", "--format=", "--raw", "--no-abbrev", "--no-renames",
               "--", "contributors/").decode("utf-8", "replace")
    blobs: dict[str, str] = {}
    for line in raw.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if line.startswith(":") and len(parts) >= 5 and path.endswith(".yaml") and set(parts[3]) != {"0"}:
            blobs.setdefault(parts[3], path)
    versions = [(blobs[blob], _parse(data, blobs[blob])) for blob, data in _cat_blobs(root, list(blobs))]
    naming = dict(naming)
    for path, data in versions:  # someone not named in full now or in any version stays hidden
        if isinstance(data, dict) and not path.endswith(PRIVATE_SUFFIX) and naming.get(_id_of(path)) in (None, "full"):
            naming[_id_of(path)] = str(data.get("named", "full"))
    values: list[Value] = []
    for path, data in versions:
        values += _version_values(f"{path} (an earlier version)", data, naming, path)
    return values


def _cat_blobs(root: Path, blobs: list[str]):
    out = _git(root, "cat-file", "--batch", stdin="".join(b + "\n" for b in blobs).encode())
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) < 3 or header[1] == b"missing":
            at = end + 1
            continue
        size = int(header[2])
        yield header[0].decode(), out[end + 1:end + 1 + size]
        at = end + 1 + size + 1


def _id_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[: -len(PRIVATE_SUFFIX)] if name.endswith(PRIVATE_SUFFIX) else name.removesuffix(".yaml")


def _parse(data: bytes, shown: str):
    """A past version as data, or None: a broken or hostile old version is skipped."""
    try:
        return parse_yaml(data.decode("utf-8"), shown).data
    except (CopressError, UnicodeDecodeError, RecursionError):
        return None


def _version_values(source: str, data, naming: dict[str, str], path: str | None = None) -> list[Value]:
    """The values of one version of a contributor file (tracked or side file)."""
    path = path or source
    data = _parse(data, path) if isinstance(data, bytes) else data
    if not isinstance(data, dict):
        return []
    person = _id_of(path)
    if path.endswith(PRIVATE_SUFFIX):  # a side file says nothing of naming: a name in it is
        named = naming.get(person, "unknown")  # hidden unless the person is named in full
    else:
        named = naming.get(person) if naming.get(person, "full") != "full" else str(data.get("named", "full"))
    git = data.get("git") or []
    return _person_values(source, person, named, data.get("name"), [git] if isinstance(git, str) else git,
                          data.get("private") or {}, _public_words(data))


def _person_values(source: str, person: str, named: str, name, git, private,
                   public_words: set[str]) -> list[Value]:
    from .privacy import _leaves

    values = [Value(value, f"{source}: {path}", "private") for value, path in _leaves(private, "private")]
    if named != "full":
        if isinstance(name, str) and name.strip():
            values.append(Value(name.strip(), f"{source}: name (named: {named})", "name"))
        values += [Value(str(a).strip(), f"{source}: git[{n}] (named: {named})", "git")
                   for n, a in enumerate(git if isinstance(git, list) else [])
                   if not is_neutral_address(str(a))]
        if _telling_id(person, public_words):
            values.append(Value(person, f"{source}: contributor id (named: {named})", "id"))
    return [v for v in values if len(v.value.strip()) >= MIN_LENGTH]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", normal(text)))


def _public_words(data: dict) -> set[str]:
    """Words of what is published anyway: the pseudonym, the initials (also run together)."""
    pseudonym, initials = str(data.get("pseudonym") or ""), str(data.get("initials") or "")
    name = data.get("name") if data.get("named") == "initials" else None
    letters = [re.sub(r"\W", "", initials.lower())]
    if isinstance(name, str):
        letters.append("".join(word[0] for word in normal(name).split()))
    return _words(pseudonym) | _words(initials) | set(letters)


def _telling_id(person: str, allowed: set[str]) -> bool:
    """An id gives someone away when it holds a word other than their published name's, a
    generic word (contributor, public…), a number or a one- or two-letter code: 'sam-rivers'
    for the pseudonym Sam Rivers and 'contributor-hl' are safe; 'kwame-b' is not."""
    for word in _words(person):
        if word in allowed or word in GENERIC_WORDS or word.isdigit() or len(word) <= 2:
            continue
        return True
    return False


# -- the history -----------------------------------------------------------------------------

def _log_batches(root: Path):
    """The log as text, in batches of whole commits (a value never spans two batches). A thread
    drains git's pipe while the batches are searched, so git never waits for Python: the two
    run side by side and the audit takes little more than git log alone."""
    process = subprocess.Popen(["git", "-c", "core.quotepath=off", *LOG, FORMAT], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    chunks: queue.Queue[bytes] = queue.Queue(maxsize=64)  # at most 64 MB ahead
    reader = threading.Thread(target=_drain, args=(process.stdout, chunks), daemon=True)
    reader.start()
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending = ""
    try:
        while chunk := chunks.get():
            pending += decoder.decode(chunk)
            cut = pending.rfind(RECORD)
            if cut > 0:
                yield pending[:cut]
                pending = pending[cut:]
        pending += decoder.decode(b"", final=True)
        if pending:
            yield pending
        if process.wait():
            raise CopressError("git log failed on this repository", str(root),
                               hint="run `git log --all -p` to see why")
    finally:  # also when the search stopped early: no git and no reader left running
        if process.poll() is None:
            process.kill()
        while reader.is_alive():
            try:
                chunks.get(timeout=0.1)
            except queue.Empty:
                pass
        process.stdout.close()
        process.wait()


def _drain(pipe, chunks: queue.Queue) -> None:
    try:
        while chunk := pipe.read1(CHUNK):
            chunks.put(chunk)
    except (OSError, ValueError):  # the pipe was closed: the audit stopped early
        pass
    chunks.put(b"")


def _commit(record: str, candidates: list, needles: Needles, seen, binaries: list) -> None:
    fields = record.split(FIELD, 6)
    if len(fields) < 7:
        return
    commit, author, author_email, committer, committer_email, message, diff = fields
    if candidates:
        seen(needles.in_text(f"{author}\0{author_email}", candidates), "author", commit)
        seen(needles.in_text(f"{committer}\0{committer_email}", candidates), "committer", commit)
        seen(needles.in_text(message, candidates), "message", commit)
    for path, added, blob in _files(diff):
        if candidates:
            seen(needles.in_text(path, candidates), f"{path} (its file name)", commit)
            if added:
                seen(needles.in_text(added, candidates), path, commit)
        if blob:
            binaries.append((blob, commit, path))


def _files(diff: str):
    """(path, the lines each file gained, blob id if it is binary) for each file of a patch."""
    path = None
    for line in diff.split("\n"):
        if line.startswith(("diff --git ", "diff --cc ", "diff --combined ")):
            if path is not None:
                yield path, "\n".join(added), blob
            path, added, blob, index, in_hunk = _header_path(line), [], None, None, False
            width = 1 if line.startswith("diff --git ") else 2
        elif path is None:
            continue
        elif line.startswith("@@"):
            in_hunk, width = True, len(line) - len(line.lstrip("@")) - 1
        elif in_hunk:
            if "+" in line[:width] and "-" not in line[:width]:
                added.append(line[width:])
        elif line.startswith("+++ b/"):
            path = line[len("+++ b/"):]
        elif line.startswith(("rename to ", "copy to ")):
            path = line.split(" ", 2)[2]
        elif line.startswith("index "):
            index = line.split()[1].rsplit("..", 1)[-1]
        elif line.startswith("Binary files "):
            blob = index if index and set(index) != {"0"} else None
    if path is not None:
        yield path, "\n".join(added), blob


def _header_path(line: str) -> str:
    if line.startswith("diff --git "):
        rest = line[len("diff --git a/"):]
        half = (len(rest) - 3) // 2
        if rest[half:half + 3] == " b/" and rest[:half] == rest[half + 3:]:
            return rest[:half]
        return rest.split(" b/", 1)[0]
    return line.split(" ", 2)[-1]


def _binary_files(root: Path, binaries: list, values: list[Value], seen) -> None:
    """Binary files (a DOCX, a picture) are not in the patch: read each version once, decoded
    as the output scan decodes files."""
    from .contents import read_contents
    from .privacy import Secret

    if not binaries:
        return
    by_secret = {Secret(v.value, v.where): v for v in values}
    search = Search(list(by_secret))
    blobs = dict(_cat_blobs(root, sorted({blob for blob, _, _ in binaries})))
    for blob, commit, path in binaries:
        if blob in blobs:
            seen([("", by_secret[s]) for s in search.found(read_contents(blobs[blob]))], path, commit)


def _finding(hits: Hits) -> Finding:
    value, commits = hits.value, hits.commits
    place = {"author": "the author of", "committer": "the committer of", "message": "the message of"}
    where = place.get(hits.place, f"{hits.place} in")
    if len(commits) == 1:
        seen = f"{where} commit {commits[0]}"
    else:
        seen = (f"{where} {len(commits)} commits, the earliest {commits[-1]} and the latest "
                f"{commits[0]}")
    what = {"private": "the private value", "name": "the hidden name", "git": "the real commit address",
            "id": "the contributor id"}[value.kind]
    return Finding("history", RULES[value.kind], "error", f"{what} {value.where} is in {seen}",
                   file=hits.place, hint=HINT)
