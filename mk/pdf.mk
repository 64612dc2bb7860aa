# `make pdf`: one PDF of the whole book, built by xelatex from Debian's TeX Live.
# `make test` builds it before pytest; tests/pdf/test_pdf.py checks it (pages, chapters,
# figures, the walk-through's published numbers, glued values, no "??").
#
# Jupyter Book's LaTeX class loads the package bbm, which Debian ships only in the 500 MB
# texlive-fonts-extra; tools/latex/bbm.sty is our own small stand-in, copied next to the
# .tex file by Sphinx (latex_additional_files in _config.yml).
# The PDF is also copied into the HTML site, where each page's download menu links to it.

APT_PDF := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
  texlive-xetex texlive-plain-generic latexmk xindy lmodern tex-gyre fonts-freefont-otf \
  poppler-utils
# = latex.latex_documents.targetname in _config.yml, with .pdf
PDF_NAME := ffnn-from-scratch.pdf
PDF_FILE := _build/latex/$(PDF_NAME)

.PHONY: pdf

pdf: $(BOOK_DEPS) book-prereqs ## build the PDF of the whole book into _build/latex (and copy it into the site)
	@tools/apt-ensure.sh $(APT_PDF)
	$(BIN)/python tools/cache_guard.py
	rm -f $(PDF_FILE)
	$(JB) build . --builder pdflatex -W -n --keep-going
	@test -s $(PDF_FILE) || { echo "make pdf: $(PDF_FILE) was not written"; exit 1; }
	@mkdir -p _build/html && cp $(PDF_FILE) _build/html/$(PDF_NAME)
	@echo "The PDF of the book: $(CURDIR)/$(PDF_FILE) ($$(pdfinfo $(PDF_FILE) | awk '/^Pages:/ {print $$2}') pages)"

TEST_PREREQS += pdf
