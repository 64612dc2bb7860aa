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

# Extension points for the fragments in mk/*.mk (one per topic, so that work on one
# topic does not touch the others):
#   BOOK_PREREQS  targets to make before the HTML build (e.g. npm assets)
#   TEST_PREREQS  targets to make before pytest (e.g. Debian packages for browser tests)
#   TEST_STEPS    further checks that `make test` runs after pytest (e.g. the PDF)
BOOK_PREREQS :=
TEST_PREREQS :=
TEST_STEPS   :=
.DEFAULT_GOAL := help

# Topic fragments: each may add targets and extend the variables above with +=.
# Included here, before the rules, because make expands prerequisites when it reads them.
include $(sort $(wildcard mk/*.mk))

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
html: $(BOOK_DEPS) $(BOOK_PREREQS)
	$(BIN)/python tools/cache_guard.py
	$(JB) build . --builder html -W -n --keep-going

book: html
	@echo ""
	@echo "The book is built. Open it with:"
	@echo "    xdg-open $(CURDIR)/_build/html/index.html"
	@echo "or serve it:  $(BIN)/python -m http.server -d _build/html 8000  (then http://127.0.0.1:8000)"

# pytest's exit code 5 means "no tests were collected": that is a failure here.
pytest: $(TEST_DEPS) $(TEST_PREREQS)
	@NNBOOK_REQUIRE_SITE=1 $(BIN)/python -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

test: $(TEST_DEPS)
	$(MAKE) html
	$(MAKE) pytest
	@for step in $(TEST_STEPS); do $(MAKE) $$step || exit 1; done
	@echo "make test: all checks passed"

clean:
	rm -rf _build

clean-cache:
	rm -rf _build/.jupyter_cache _build/.jupyter_cache.nncode-hash

# Rewrite constraints.txt from what is installed in the venv.
lock: $(TEST_DEPS)
	@{ echo "# Exact versions of every package (made by \`make lock\`); the Makefile installs with -c constraints.txt."; \
	  $(PIP) freeze --exclude-editable | grep -vE "^(nncode|-e )" | sed 's/+cpu$$//'; } > constraints.txt
