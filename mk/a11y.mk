# Accessibility and speed of the built site.
#   make test        runs tests/browser/test_a11y.py: axe-core (npm, tools/a11y) injected by
#                    Playwright into every page, served on 127.0.0.1, in Debian's Chromium;
#                    plus the alt-text check. This fragment installs what those tests need.
#   make lighthouse  (not in `make test`) Lighthouse 12 on the main chapters, desktop
#                    preset, with Debian's Chromium; prints performance and accessibility
#                    and writes the JSON reports to _build/lighthouse/.

A11Y_DIR  := tools/a11y
A11Y_DEPS := $(A11Y_DIR)/node_modules/.package-lock.json
CHROME_PATH ?= /usr/bin/chromium
# The pages Lighthouse measures (relative to _build/html); override on the command line.
LIGHTHOUSE_PAGES ?= book/intro.html book/part4/walkthrough.html book/reference/api.html book/bibliography.html

TEST_PREREQS += a11y-deps

.PHONY: a11y-deps lighthouse

$(A11Y_DEPS): $(A11Y_DIR)/package.json $(A11Y_DIR)/package-lock.json
	@command -v npm >/dev/null || tools/apt-ensure.sh nodejs npm
	cd $(A11Y_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

a11y-deps: $(A11Y_DEPS)
	tools/apt-ensure.sh chromium

lighthouse: a11y-deps
	@test -f _build/html/index.html || $(MAKE) html
	CHROME_PATH=$(CHROME_PATH) node $(A11Y_DIR)/lighthouse.mjs _build/html _build/lighthouse $(LIGHTHOUSE_PAGES)
