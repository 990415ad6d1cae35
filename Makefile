# copress: `make pdf` builds the sample article, `make test` runs the tests.
# Both set up .venv themselves on a fresh machine (Debian 12, Python 3.11).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

.PHONY: pdf html docx jats guide easy-read credit course all clean test test-fast browser node validators bench check

pdf html docx jats guide easy-read credit course all: $(VENV)/.installed
	$(BIN)/copress build $@

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The browser tests are never skipped: install Debian's chromium where we can, else say how.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the accessibility tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The tests need Debian's chromium. Run: apt-get update && apt-get install -y chromium" >&2; exit 1; \
	  fi; \
	fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "The HTML validator needs Java. Run: apt-get update && apt-get install -y default-jre-headless" >&2; exit 1; \
	  fi; \
	fi

# axe-core and the Nu HTML Checker come from the npm registry, pinned in package-lock.json.
node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

# The wheels copress depends on, for tests/test_wheel_install.py, which installs the built wheel
# in a fresh venv with no registry (--no-index). pip's cache makes this quick after the venv's own
# install; copress's own wheel is left out (the test builds it from the tree).
WHEELHOUSE := .cache/wheelhouse
$(WHEELHOUSE)/.stamp: $(VENV)/.test-installed pyproject.toml
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-build-isolation -w $(WHEELHOUSE) .
	rm -f $(WHEELHOUSE)/copress-*.whl
	touch $@

# veraPDF (Maven Central) and the Nu HTML Checker, pinned and hash-checked in copress/validators.py,
# fetched once into copress's cache folder (~/.cache/copress) by what `copress doctor
# --install-validators` runs; vnu.jar is already in node_modules, so only veraPDF is fetched.
validators: $(VENV)/.installed
	$(BIN)/python -c "from copress.doctor import install_validators; install_validators()"

# Both cores, a test file per worker (pytest-xdist): 883 tests in about 9–10 minutes here.
# --durations shows in CI which tests are slow.
test: $(VENV)/.test-installed browser node validators $(WHEELHOUSE)/.stamp
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=15

# The inner loop: the tests marked `fast` (no browser, no full build), in under a minute.
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q -m fast

# The gate before submission: journal requirements, accessibility, privacy (needs chromium and node).
check: $(VENV)/.installed browser node validators
	$(BIN)/copress check

# `make bench` times the article; BENCH="article easyread guide course credit" runs every
# benchmark, BENCH_ARGS="--max-runs 30" gives them a bigger run budget (bench/common.py).
BENCH ?= article
bench: $(VENV)/.installed
	@for name in $(BENCH); do $(BIN)/python bench/$$name.py $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf build
