# copress in a container: Python 3.11, WeasyPrint's Pango, Chromium (the HTML accessibility
# check), a Java runtime (the validators), git, then copress from this folder.
#
#   docker build -t copress .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD":/work copress build all
#
# The apt-get packages are `copress doctor`'s Debian install lines (copress.doctor.debian_packages);
# tests/test_container.py fails when the two differ.
FROM python:3.11-slim-bookworm

# The JRE's install scripts expect man folders that the slim image leaves out.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium openjdk-17-jre-headless git \
 && rm -rf /var/lib/apt/lists/*

# A project mounted from the host belongs to another user: let git read it all the same.
RUN git config --system --add safe.directory '*'

# Any user id may run the image (-u): home and caches in folders everyone can write.
ENV HOME=/tmp \
    XDG_CACHE_HOME=/opt/cache \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY . /opt/copress-src
RUN pip install /opt/copress-src && rm -rf /opt/copress-src

# The pinned validators `copress check` runs, fetched and hash-checked once; then the doctor
# examines the whole image and fails the build if anything copress needs is missing.
RUN copress doctor --install-validators && chmod -R a+rwX /opt/cache

WORKDIR /work
ENTRYPOINT ["copress"]
CMD ["--help"]
