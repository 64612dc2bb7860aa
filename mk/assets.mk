# Browser assets: d3 (the network diagrams) and MathJax 3 (the formulas), from npm with
# the committed package-lock.json, copied with the book's own diagram component into
# _build/assets. nncode/_sphinx_assets.py serves that folder as _static/ of the site and
# points MathJax there, so no page loads anything from a third-party host. Only the
# files the pages use are copied (not node_modules, and not into a _static/ folder,
# whose scripts Jupyter Book would add to every page).
ASSETS      := _build/assets
ASSETS_DONE := $(ASSETS)/.done
NPM_DONE    := node_modules/.npm-ci-done
MATHJAX_SRC := node_modules/mathjax/es5

.PHONY: assets

$(NPM_DONE): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || tools/apt-ensure.sh npm
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

$(ASSETS_DONE): $(NPM_DONE) assets/nn-diagram.js assets/nn-diagram.css mk/assets.mk
	rm -rf $(ASSETS)
	mkdir -p $(ASSETS)/nndiagram $(ASSETS)/mathjax/output/chtml/fonts $(ASSETS)/mathjax/input/tex
	cp node_modules/d3/dist/d3.min.js assets/nn-diagram.js assets/nn-diagram.css $(ASSETS)/nndiagram/
	cp node_modules/d3/LICENSE $(ASSETS)/nndiagram/LICENSE-d3
	cp $(MATHJAX_SRC)/tex-chtml.js node_modules/mathjax/LICENSE $(ASSETS)/mathjax/
	cp -r $(MATHJAX_SRC)/output/chtml/fonts/woff-v2 $(ASSETS)/mathjax/output/chtml/fonts/
	cp -r $(MATHJAX_SRC)/input/tex/extensions $(ASSETS)/mathjax/input/tex/
	cp -r $(MATHJAX_SRC)/ui $(ASSETS)/mathjax/
	@touch $@

assets: $(ASSETS_DONE)

BOOK_PREREQS += assets
