# The browser tier (tests/browser) and `make lighthouse`.
#   Playwright (pip, requirements-test.txt) drives Debian's Chromium, /usr/bin/chromium,
#   with the flags of tools/a11y/chromium-flags.txt; it never downloads a browser of its own.
#   axe-core, injected into the pages by the tests, and Lighthouse come from npm in
#   tools/a11y (package.json with its committed lock, `npm ci`).
#   make lighthouse  (not in `make test`) Lighthouse 12 on a representative set of pages,
#                    mobile preset (simulated slow 4G, 4x CPU slowdown) and desktop preset,
#                    LIGHTHOUSE_RUNS times each, the site served gzipped as GitHub Pages
#                    serves it; prints one table per preset (medians: performance, FCP, LCP,
#                    TBT, CLS, bytes transferred, accessibility) and writes the JSON reports
#                    to _build/lighthouse/. LIGHTHOUSE_BEFORE=DIR (another built site, e.g.
#                    of an older commit) measures it too, interleaved with this one.

A11Y_DIR  := tools/a11y
A11Y_DEPS := $(A11Y_DIR)/node_modules/.package-lock.json
CHROME_PATH ?= /usr/bin/chromium
# The pages Lighthouse measures (relative to _build/html); override on the command line.
# One of each kind the book has: the landing page (text and cards), a page with a network
# diagram (d3), the longest formula page (and a diagram), the step-through, the chapter
# with the most plots, and the API reference (long, generated from docstrings).
LIGHTHOUSE_PAGES ?= book/intro.html book/part1/layers.html book/part2/deltas.html \
  book/part4/one_iteration.html book/part5/digits.html book/reference/api.html
LIGHTHOUSE_RUNS ?= 3
LIGHTHOUSE_BEFORE ?=
LIGHTHOUSE_SITES = $(if $(LIGHTHOUSE_BEFORE),--site before=$(LIGHTHOUSE_BEFORE) --site after=_build/html,--site site=_build/html)

.PHONY: browser-deps lighthouse

$(A11Y_DEPS): $(A11Y_DIR)/package.json $(A11Y_DIR)/package-lock.json
	@$(ENSURE_NPM)
	cd $(A11Y_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(A11Y_DEPS) ## Debian's Chromium and the npm tools of tools/a11y (axe-core, Lighthouse)
	@tools/apt-ensure.sh chromium

lighthouse: browser-deps ## Lighthouse, mobile and desktop, on representative pages (not in `make test`)
	@test -f _build/html/index.html || $(MAKE) html
	CHROME_PATH=$(CHROME_PATH) node $(A11Y_DIR)/lighthouse.mjs $(LIGHTHOUSE_SITES) \
	  --out _build/lighthouse --runs $(LIGHTHOUSE_RUNS) $(LIGHTHOUSE_PAGES)

TEST_PREREQS += browser-deps
