# The two commands of the README:
#   make book   build the site into _build/html (installs everything it needs)
#   make test   run every check once: lint and types, the strict builds, every test tier
# and the one a contributor runs first, in about a minute:
#   make check  lint, types and the unit tests of nncode
# Everything is installed by these targets, so a fresh clone on a fresh machine works.
# `make help` lists every target (from the `## ` comment on its rule line).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
JB     := $(BIN)/jupyter-book
# Debian packages the build needs (the venv module is a separate package on Debian).
APT_BOOK := python3-venv
# Installs Node and npm from Debian when npm is missing (for the recipes of mk/*.mk).
ENSURE_NPM := command -v npm >/dev/null 2>&1 || tools/apt-ensure.sh nodejs npm

BOOK_DEPS := $(VENV)/.book-deps
TEST_DEPS := $(VENV)/.test-deps

# Under `make check` and `make test` a test that misses a tool, a package or a built
# artefact fails instead of skipping (tests/booktest.py: require). pytest's exit code 5,
# "no tests were collected", is a failure too.
PYTEST = NNBOOK_REQUIRE=1 $(BIN)/python -m pytest
run-pytest = $(PYTEST) $(1); rc=$$?; \
  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# Extension points for the fragments in mk/*.mk (one per topic, so that work on one
# topic does not touch the others):
#   BOOK_PREREQS  targets to make before a book build (npm assets, the R kernel, ...)
#   TEST_PREREQS  targets to make before pytest (Chromium, the PDF, npm tools, ...)
#   TEST_STEPS    further checks that `make test` runs after pytest, each once
# A rule uses them through the targets `book-prereqs` and `test-prereqs`, defined at the
# end of this file: make expands a rule's prerequisites when it reads the rule, so a
# fragment that named $(BOOK_PREREQS) itself would miss what a later fragment adds.
BOOK_PREREQS :=
TEST_PREREQS :=
TEST_STEPS   :=
.DEFAULT_GOAL := help
# The book builds share one execution cache: never run two at once.
.NOTPARALLEL:

include $(sort $(wildcard mk/*.mk))

.PHONY: help book html check test clean clean-cache lock book-prereqs test-prereqs

help: ## list every target, one line each
	@awk -F ':.*## ' '/^[A-Za-z0-9_.-]+:.*## / {printf "make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || tools/apt-ensure.sh $(APT_BOOK)
	$(PYTHON) -m venv $(VENV)

$(BOOK_DEPS): requirements.txt requirements-book.txt constraints.txt pyproject.toml | $(BIN)/python
	$(PIP) install -q -c constraints.txt -r requirements-book.txt
	@touch $@

$(TEST_DEPS): $(BOOK_DEPS) requirements-test.txt
	$(PIP) install -q -c constraints.txt -r requirements-test.txt
	@touch $@

book: html ## build the site and print how to open it
	@echo ""
	@echo "The book is built. Open it with:"
	@echo "    xdg-open $(CURDIR)/_build/html/index.html"
	@echo "or serve it:  $(BIN)/python -m http.server -d _build/html 8000  (then http://127.0.0.1:8000)"

# Strict build: any warning (-W, -n: also every unresolved reference) or failing cell
# fails it; --keep-going reports all of them at once.
html: $(BOOK_DEPS) book-prereqs ## build the site into _build/html, strictly (what `make book` runs)
	$(BIN)/python tools/cache_guard.py
	$(JB) build . --builder html -W -n --keep-going

check: lint ## run first: lint, types and the unit tests (tests/unit), in about a minute
	@$(call run-pytest,tests/unit -q)

test: lint html test-prereqs ## every check, each once: lint, types, the strict builds, every test tier
	@$(call run-pytest,--durations=25)
	@for step in $(TEST_STEPS); do $(MAKE) --no-print-directory $$step || exit 1; done
	@echo "make test: all checks passed"

clean: ## remove _build (the venv and node_modules stay)
	rm -rf _build

# The saved Sphinx environments go too: Sphinx re-reads (and so re-executes) only the pages
# it thinks changed.
clean-cache: ## empty the execution cache, so that the next build runs every page again
	rm -rf _build/.jupyter_cache _build/.jupyter_cache.* _build/.doctrees _build/*/_build/.doctrees

# Rewrite constraints.txt from what is installed in the venv.
lock: $(TEST_DEPS) ## rewrite constraints.txt from the packages installed in .venv
	@{ echo "# Exact versions of every package (made by \`make lock\`); the Makefile installs with -c constraints.txt."; \
	  $(PIP) freeze --exclude-editable | grep -vE "^(nncode|-e )" | sed 's/+cpu$$//'; } > constraints.txt

# Read after every fragment, so these lists are complete (see above).
book-prereqs: $(BOOK_PREREQS) ## what every book build needs first (npm assets, R kernel, R data)
test-prereqs: $(TEST_DEPS) $(TEST_PREREQS) ## what the test tiers need first (browser, PDF, npm tools)
