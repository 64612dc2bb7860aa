# The two commands of the README:
#   make book   build the site into _build/html (installs everything it needs)
#   make test   run every check: the nncode tests, the strict book build, the site checks
# Everything is installed by these targets, so a fresh clone on a fresh machine works.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
JB     := $(BIN)/jupyter-book
# Debian packages the build needs (the venv module is a separate package on Debian).
APT_BOOK := python3-venv

BOOK_DEPS := $(VENV)/.book-deps
TEST_DEPS := $(VENV)/.test-deps

.PHONY: help book html test pytest clean clean-cache lock

help:
	@echo "make book   - build the HTML site into _build/html"
	@echo "make test   - run pytest, the strict book build and the site checks"
	@echo "make clean  - remove _build (the venv stays)"

$(BIN)/python:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || tools/apt-ensure.sh $(APT_BOOK)
	$(PYTHON) -m venv $(VENV)

$(BOOK_DEPS): requirements.txt requirements-book.txt constraints.txt pyproject.toml | $(BIN)/python
	$(PIP) install -q -c constraints.txt -r requirements-book.txt
	@touch $@

$(TEST_DEPS): $(BOOK_DEPS) requirements-test.txt
	$(PIP) install -q -c constraints.txt -r requirements-test.txt
	@touch $@

# Strict build: any warning (-W, -n: also every unresolved reference) or failing cell
# fails it; --keep-going reports all of them at once.
html: $(BOOK_DEPS)
	$(BIN)/python tools/cache_guard.py
	$(JB) build . --builder html -W -n --keep-going

book: html
	@echo ""
	@echo "The book is built. Open it with:"
	@echo "    xdg-open $(CURDIR)/_build/html/index.html"
	@echo "or serve it:  $(BIN)/python -m http.server -d _build/html 8000  (then http://127.0.0.1:8000)"

# pytest's exit code 5 means "no tests were collected": that is a failure here.
pytest: $(TEST_DEPS)
	@NNBOOK_REQUIRE_SITE=1 $(BIN)/python -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

test: $(TEST_DEPS)
	$(MAKE) html
	$(MAKE) pytest

clean:
	rm -rf _build

clean-cache:
	rm -rf _build/.jupyter_cache _build/.jupyter_cache.nncode-hash

# Rewrite constraints.txt from what is installed in the venv.
lock: $(TEST_DEPS)
	@{ echo "# Exact versions of every package (made by \`make lock\`); the Makefile installs with -c constraints.txt."; \
	  $(PIP) freeze --exclude-editable | grep -vE "^(nncode|-e )" | sed 's/+cpu$$//'; } > constraints.txt
