# The browser tier (tests/browser) and `make lighthouse`.
#   Playwright (pip, requirements-test.txt) drives Debian's Chromium, /usr/bin/chromium,
#   with the flags of tools/a11y/chromium-flags.txt; it never downloads a browser of its own.
#   axe-core, injected into the pages by the tests, and Lighthouse come from npm in
#   tools/a11y (package.json with its committed lock, `npm ci`).
#   make lighthouse  (not in `make test`) Lighthouse 12 on the main chapters, desktop
#                    preset; prints performance and accessibility and writes the JSON
#                    reports to _build/lighthouse/.

A11Y_DIR  := tools/a11y
A11Y_DEPS := $(A11Y_DIR)/node_modules/.package-lock.json
CHROME_PATH ?= /usr/bin/chromium
# The pages Lighthouse measures (relative to _build/html); override on the command line.
LIGHTHOUSE_PAGES ?= book/intro.html book/part4/walkthrough.html book/reference/api.html book/bibliography.html

.PHONY: browser-deps lighthouse

$(A11Y_DEPS): $(A11Y_DIR)/package.json $(A11Y_DIR)/package-lock.json
	@$(ENSURE_NPM)
	cd $(A11Y_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(A11Y_DEPS) ## Debian's Chromium and the npm tools of tools/a11y (axe-core, Lighthouse)
	@tools/apt-ensure.sh chromium

lighthouse: browser-deps ## Lighthouse on the main chapters (not in `make test`): scores and reports
	@test -f _build/html/index.html || $(MAKE) html
	CHROME_PATH=$(CHROME_PATH) node $(A11Y_DIR)/lighthouse.mjs _build/html _build/lighthouse $(LIGHTHOUSE_PAGES)

TEST_PREREQS += browser-deps
