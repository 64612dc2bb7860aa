# Browser assets. The book's own components (assets/*.js, assets/*.css) and, from npm
# with the committed package-lock.json, d3 (the network diagrams) and KaTeX's style sheet
# and fonts (the formulas, which tools/sphinx_ext/nnbook_math.py renders at build time with
# KaTeX from the same package) are copied into _build/assets, which tools/sphinx_ext/nnbook_assets.py serves
# as _static/ of the site: no page loads anything from a third-party host. Only the files
# the pages use are copied (not node_modules, and not into a _static/ folder, whose files
# Jupyter Book would add to every page); the extension links each to the pages that need it.
#   _build/assets/nnfigure/   assets/*.js and assets/*.css (figure.js, diagram.js, ...)
#   _build/assets/d3/         d3.min.js and its licence
#   _build/assets/katex/      katex.min.css (its @font-face rules trimmed to the woff2 files,
#                             which every browser the book supports reads), fonts/*.woff2
#                             and the licence
# An edit to a file of assets/ refreshes the copy; the extension then has every page
# written again, so the next `make html` publishes it (no notebook is executed again).
#
# `make lint-assets` lints every file of assets/: eslint (eslint.config.mjs) and stylelint
# (.stylelintrc.json), both pinned in package.json.
ASSETS      := _build/assets
ASSETS_DONE := $(ASSETS)/.done
NPM_DONE    := node_modules/.npm-ci-done
KATEX_SRC   := node_modules/katex/dist
# drops the woff and ttf fallbacks from each @font-face rule of katex.min.css
KATEX_WOFF2_ONLY := s/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)//g
OWN_ASSETS  := $(wildcard assets/*.js assets/*.css)

.PHONY: assets lint-assets

$(NPM_DONE): package.json package-lock.json
	@$(ENSURE_NPM)
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# assets/. too: adding or removing a file there changes the folder's time
$(ASSETS_DONE): $(NPM_DONE) assets/. $(OWN_ASSETS) mk/assets.mk
	rm -rf $(ASSETS)
	mkdir -p $(ASSETS)/nnfigure $(ASSETS)/d3 $(ASSETS)/katex/fonts
	cp $(OWN_ASSETS) $(ASSETS)/nnfigure/
	cp node_modules/d3/dist/d3.min.js $(ASSETS)/d3/
	cp node_modules/d3/LICENSE $(ASSETS)/d3/LICENSE-d3
	sed -E '$(KATEX_WOFF2_ONLY)' $(KATEX_SRC)/katex.min.css > $(ASSETS)/katex/katex.min.css
	! grep -qE '\.(woff|ttf)\)' $(ASSETS)/katex/katex.min.css
	cp $(KATEX_SRC)/fonts/*.woff2 $(ASSETS)/katex/fonts/
	cp node_modules/katex/LICENSE $(ASSETS)/katex/LICENSE-katex
	@touch $@

assets: $(ASSETS_DONE) ## copy d3, KaTeX's style sheet and fonts, and the book's browser code into _build/assets

lint-assets: $(NPM_DONE) ## eslint and stylelint on assets/ (part of `make test`)
	node_modules/.bin/eslint --max-warnings 0 assets
	node_modules/.bin/stylelint --max-warnings 0 "assets/*.css"

BOOK_PREREQS += assets
TEST_PREREQS += lint-assets
