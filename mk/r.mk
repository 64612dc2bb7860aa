# The R chapter (book/part4/r_implementation.md) runs on the IR kernel: R and IRkernel
# come from Debian; the kernelspec is registered inside the venv so that jupyter-book
# finds the kernel "ir" without touching the user's or the system's Jupyter folders.
# The chapter reads its starting weights from CSV files that nncode writes first, into
# the build folder (the chapter reads ../../_build/r_data from its own folder).
APT_R  := r-base-core r-cran-irkernel
R_DATA := _build/r_data
R_KERNEL := $(VENV)/share/jupyter/kernels/ir/kernel.json

$(R_KERNEL): | $(BOOK_DEPS)
	tools/apt-ensure.sh $(APT_R)
	PATH="$(CURDIR)/$(BIN):$$PATH" R --quiet --no-save -e \
	  'IRkernel::installspec(name = "ir", displayname = "R", prefix = "$(CURDIR)/$(VENV)")'

$(R_DATA)/.stamp: $(wildcard nncode/*.py) | $(BOOK_DEPS)
	$(BIN)/python -m nncode.r_bridge $(R_DATA)
	@touch $@

.PHONY: r-kernel r-data
r-kernel: $(R_KERNEL) ## register Debian's R as the Jupyter kernel "ir" inside .venv
r-data: $(R_DATA)/.stamp ## write the R chapter's data (nncode's weights and results) into _build/r_data

BOOK_PREREQS += $(R_KERNEL) $(R_DATA)/.stamp
TEST_PREREQS += $(R_KERNEL)
