# Running the book elsewhere (README, "Run it"): the chapters as notebooks and the size
# of the environments a reader installs. Neither is part of `make test`, which checks the
# same things in tests/build (test_colab_notebooks.py, test_binder.py, test_packaging.py).
#   make notebooks  the chapters as .ipynb, install cell first, into _build/notebooks
#                   (what .github/workflows/notebooks.yml publishes for Colab)
#   make env-size   a fresh venv from binder/requirements.txt and one from
#                   requirements.txt: size on disk and largest packages (a few minutes)
#   make dist       nncode's wheel and sdist into dist/ (python -m build)

.PHONY: notebooks env-size dist

notebooks: $(BOOK_DEPS) ## the chapters as Jupyter notebooks (as Colab opens them) into _build/notebooks
	$(BIN)/python tools/notebooks.py _build/notebooks

env-size: $(BIN)/python ## measure fresh venvs made from binder/requirements.txt and requirements.txt
	$(BIN)/python tools/env_size.py binder/requirements.txt requirements.txt

dist: $(TEST_DEPS) ## build nncode's wheel and sdist into dist/ (python -m build)
	$(BIN)/python -m build --outdir dist .
