# Live code: thebe from the site itself, on Binder or on a local Jupyter server.
#
# Every build of the site (`make html`) copies thebe into _build/html/_thebe/, and a
# chapter's "Live Code" button loads it from there (tools/sphinx_ext/nnbook_live.py);
# assets/live.js picks the kernel at run time: the local Jupyter server described in
# _thebe/server.json when the site serves that file, Binder otherwise. `make live` serves
# that same _build/html with a Jupyter server on 127.0.0.1 (tools/live_serve.py, which
# writes _thebe/server.json while it runs and removes it when it stops): one build for
# the published site, `make live` and the browser test.
#
# thebe comes from the npm registry with `npm pack` and is checked against the integrity
# hash that the registry publishes for this version (the same sha512 a lock file would
# pin). Not `npm ci` with package.json: thebe's lib/ is a self-contained webpack bundle,
# and installing the package would pull hundreds of its build-time dependencies (JupyterLab,
# CodeMirror, widgets) that the pages never load. The tarball is unpacked into _build/thebe.

THEBE_VERSION   := 0.9.2
THEBE_INTEGRITY := sha512-qjUpg33VY4CT2hKl+N+FiglTJPfmlA/lQdsJofK2WPAvkiM/l7zTG6MtXNj/pA5YGk11Opcax9EGuBXIz3T1JQ==
THEBE_DIR       := _build/thebe
THEBE_LIB       := $(THEBE_DIR)/package/lib
THEBE_DONE      := $(THEBE_DIR)/.done-$(THEBE_VERSION)
LIVE_PORT       ?= 8000
LIVE_JUPYTER_PORT ?= 8888

.PHONY: live thebe

$(THEBE_DONE):
	@$(ENSURE_NPM)
	rm -rf $(THEBE_DIR) && mkdir -p $(THEBE_DIR)
	cd $(THEBE_DIR) && npm pack --silent thebe@$(THEBE_VERSION) > /dev/null
	@got="sha512-$$(openssl dgst -sha512 -binary $(THEBE_DIR)/thebe-$(THEBE_VERSION).tgz | base64 -w0)"; \
	  if [ "$$got" != "$(THEBE_INTEGRITY)" ]; then echo "thebe tarball integrity mismatch: $$got"; exit 1; fi
	tar -xzf $(THEBE_DIR)/thebe-$(THEBE_VERSION).tgz -C $(THEBE_DIR)
	@touch $@

thebe: $(THEBE_DONE) ## fetch thebe from npm (npm pack, integrity checked) into _build/thebe

live: html ## serve the site with live code on a local Jupyter server (Ctrl-C stops it)
	$(BIN)/python tools/live_serve.py _build/html --port $(LIVE_PORT) --jupyter-port $(LIVE_JUPYTER_PORT)

BOOK_PREREQS += thebe
