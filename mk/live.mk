# Live code on a local Jupyter server (`make live`) and the browser test that uses it.
#
# The published site runs live code on Binder (sphinx-thebe loads thebe 0.8.2 from a CDN).
# `make live` builds a second copy of the site into _build/live whose "Live Code" button
# loads thebe 0.9 from the site itself and talks to a Jupyter server on 127.0.0.1; then it
# serves both (tools/live_serve.py). Thebe comes from the npm registry with `npm pack`
# (its full `npm install` does not resolve here), checked against the pinned integrity,
# into _build/thebe (ignored, like all of _build).

THEBE_VERSION   := 0.9.2
THEBE_INTEGRITY := sha512-qjUpg33VY4CT2hKl+N+FiglTJPfmlA/lQdsJofK2WPAvkiM/l7zTG6MtXNj/pA5YGk11Opcax9EGuBXIz3T1JQ==
THEBE_DIR       := _build/thebe
THEBE_LIB       := $(THEBE_DIR)/package/lib
LIVE_OUT        := _build/live
LIVE_SITE       := $(LIVE_OUT)/_build/html
LIVE_PORT       ?= 8000
LIVE_JUPYTER_PORT ?= 8888

.PHONY: live live-html

$(THEBE_LIB)/index.js:
	@$(ENSURE_NPM)
	rm -rf $(THEBE_DIR) && mkdir -p $(THEBE_DIR)
	cd $(THEBE_DIR) && npm pack --silent thebe@$(THEBE_VERSION) > /dev/null
	@got="sha512-$$(openssl dgst -sha512 -binary $(THEBE_DIR)/thebe-$(THEBE_VERSION).tgz | base64 -w0)"; \
	  if [ "$$got" != "$(THEBE_INTEGRITY)" ]; then echo "thebe tarball integrity mismatch: $$got"; exit 1; fi
	tar -xzf $(THEBE_DIR)/thebe-$(THEBE_VERSION).tgz -C $(THEBE_DIR)
	@touch $@

# The live site: same sources and execution cache as `make html`, own output folder.
live-html: $(BOOK_DEPS) book-prereqs $(THEBE_LIB)/index.js ## build the live-code copy of the site into _build/live
	$(BIN)/python tools/cache_guard.py
	NNBOOK_THEBE_LIB=$(CURDIR)/$(THEBE_LIB) $(JB) build . --builder html --path-output $(LIVE_OUT) -W -n --keep-going

live: live-html ## serve the site with live code on a local Jupyter server (Ctrl-C stops it)
	$(BIN)/python tools/live_serve.py $(LIVE_SITE) --port $(LIVE_PORT) --jupyter-port $(LIVE_JUPYTER_PORT)

# The browser test (tests/browser/test_live_code.py) needs the live site.
TEST_PREREQS += live-html
