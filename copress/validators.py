"""The Java validators `copress check` runs, pinned: veraPDF (PDF/UA-1, from Maven Central) and
the Nu HTML Checker (vnu.jar, from the npm registry): where copress finds them, and how
`copress doctor --install-validators` fetches them into copress's cache folder.

Each is found, in this order: the environment variable that names it (COPRESS_VERAPDF: a
greenfield-apps jar or veraPDF's own `verapdf` launcher; COPRESS_VNU_JAR), then copress's cache
folder (where --install-validators puts it), then, for a clone of copress's repository, the
npm packages beside its source (`npm ci`), then the `verapdf` / `vnu` command on PATH.

Fetching is the only time copress goes to the network, and only when asked: each download is a
pinned URL checked against a pinned hash before it is moved into place (atomically, so a broken
download never leaves a file that looks installed). veraPDF's `greenfield-apps` jar carries its
dependencies, so one file is the whole of it; vnu.jar comes out of the `vnu-jar` npm tarball
(the same bytes `npm ci` installs from package-lock.json).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_dir
from .errors import CopressError

_SOURCE_ROOT = Path(__file__).resolve().parent.parent  # a clone's top folder (node_modules/)


@dataclass(frozen=True)
class Validator:
    """One pinned validator: where it comes from, its hash, and the file it is installed as."""

    name: str  # 'verapdf'
    title: str  # what a person calls it
    version: str
    url: str
    digest: str  # 'sha256:<hex>' or 'sha512:<base64>' (npm's integrity) of the downloaded file
    filename: str  # the installed file, under cache_dir()/<name>-<version>/
    member: str = ""  # for a tarball: the file to take out of it
    licence: str = ""

    @property
    def folder(self) -> Path:
        return cache_dir() / f"{self.name}-{self.version}"

    @property
    def installed(self) -> Path:
        return self.folder / self.filename


VERAPDF = Validator(
    "verapdf", "veraPDF", "1.28.2",
    "https://repo.maven.apache.org/maven2/org/verapdf/apps/greenfield-apps/1.28.2/"
    "greenfield-apps-1.28.2.jar",
    "sha256:687d4d8bcfec48c9f7e931cf78ed061f1eeccfba55d4cdc000ba9b4d8aa46ce6",
    "greenfield-apps-1.28.2.jar", licence="GPL-3.0-or-later OR MPL-2.0")
VERAPDF_MAIN = "org.verapdf.apps.GreenfieldCliWrapper"

VNU = Validator(
    "vnu", "Nu HTML Checker", "26.9.27",
    "https://registry.npmjs.org/vnu-jar/-/vnu-jar-26.9.27.tgz",
    "sha512:TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA==",
    "vnu.jar", member="package/build/dist/vnu.jar", licence="MIT")

VALIDATORS = (VERAPDF, VNU)
INSTALL_HINT = "run `copress doctor --install-validators` (it fetches the pinned version once)"


def java_executable() -> str:
    """Java 17+ to run the validators with: $COPRESS_JAVA, else `java` on PATH."""
    java = os.environ.get("COPRESS_JAVA") or shutil.which("java")
    if not java:
        raise CopressError(
            "Java not found: the validators (veraPDF, the Nu HTML Checker) need Java 17 or later",
            hint="install it (Debian: `apt-get install openjdk-17-jre-headless`) or set COPRESS_JAVA")
    return java


def verapdf_location() -> Path:
    """The veraPDF copress runs: a greenfield-apps jar or veraPDF's own `verapdf` script."""
    named = os.environ.get("COPRESS_VERAPDF")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise CopressError(f"COPRESS_VERAPDF names {path}, which is not a file",
                               hint="point it at a greenfield-apps jar or veraPDF's `verapdf` script")
        return path
    if VERAPDF.installed.is_file():
        return VERAPDF.installed
    on_path = shutil.which("verapdf")
    if on_path:
        return Path(on_path)
    raise CopressError("veraPDF not found: the PDF/UA-1 validator is not installed", hint=INSTALL_HINT)


def verapdf_command() -> list[str]:
    """The command that starts veraPDF's command-line validator, before its options."""
    path = verapdf_location()
    return _jar_command(path) if path.suffix == ".jar" else [str(path)]


def _jar_command(jar: Path) -> list[str]:
    # C1 only and the serial GC start the JVM sooner; veraPDF's work is short.
    return [java_executable(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-cp", str(jar), VERAPDF_MAIN]


def vnu_jar() -> Path:
    """vnu.jar: $COPRESS_VNU_JAR, else the cache, else node_modules beside copress's source
    (or $COPRESS_NODE_MODULES)."""
    named = os.environ.get("COPRESS_VNU_JAR")
    candidates = [Path(named).expanduser()] if named else []
    node_modules = Path(os.environ.get("COPRESS_NODE_MODULES") or _SOURCE_ROOT / "node_modules")
    candidates += [VNU.installed, node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"]
    for path in candidates:
        if path.is_file():
            return path
    raise CopressError("vnu.jar (the Nu HTML Checker) not found", hint=INSTALL_HINT)


def where(validator: Validator) -> str:
    """The file copress runs `validator` from (raises CopressError if it finds none)."""
    return str(verapdf_location() if validator is VERAPDF else vnu_jar())


def check_digest(data: bytes, digest: str, what: str) -> None:
    algorithm, _, expected = digest.partition(":")
    actual = hashlib.new(algorithm, data).digest()
    wanted = bytes.fromhex(expected) if algorithm == "sha256" else base64.b64decode(expected)
    if actual != wanted:
        raise CopressError(f"the download of {what} does not match its pinned {algorithm} hash",
                           hint="nothing was installed; try again, and if it persists the download "
                                "was changed on its way: do not use it")


def install(validator: Validator, fetch=None) -> Path:
    """Fetch `validator` into the cache (if it is not there yet); return the installed file.
    `fetch(url) -> bytes` defaults to an HTTPS download."""
    target = validator.installed
    if target.is_file():
        return target
    data = (fetch or _download)(validator.url)
    check_digest(data, validator.digest, f"{validator.title} {validator.version}")
    if validator.member:
        data = _tar_member(data, validator.member, validator.title)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".part-", delete=False) as part:
        part.write(data)
    # readable by every user: a container image fetches them as root for whoever runs it
    os.chmod(part.name, 0o644)
    os.replace(part.name, target)
    return target


def _tar_member(data: bytes, member: str, what: str) -> bytes:
    """One regular file out of a .tgz, by name (nothing is extracted to disk)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        try:
            info = tar.getmember(member)
        except KeyError:
            raise CopressError(f"the {what} package has no {member}") from None
        handle = tar.extractfile(info) if info.isfile() else None
        if handle is None:
            raise CopressError(f"the {what} package's {member} is not a file")
        return handle.read()


def _download(url: str) -> bytes:
    from urllib.error import URLError
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=120) as response:  # noqa: S310 (pinned https URLs only)
            return response.read()
    except (URLError, OSError) as exc:
        raise CopressError(f"could not download {url}: {exc}",
                           hint="check the network connection (or a proxy setting), then try again") from None
