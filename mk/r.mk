# The R chapter (book/part4/r_implementation.md) runs on the IR kernel: R and IRkernel
# come from Debian; the kernelspec is registered inside the venv so that jupyter-book
# finds the kernel "ir" without touching the user's or the system's Jupyter folders.
# The chapter reads its starting weights from CSV files that nncode writes first.
APT_R  := r-base-core r-cran-irkernel
R_DATA := book/part4/r_data
R_KERNEL := $(VENV)/share/jupyter/kernels/ir/kernel.json

$(R_KERNEL): | $(BOOK_DEPS)
	tools/apt-ensure.sh $(APT_R)
	PATH="$(CURDIR)/$(BIN):$$PATH" R --quiet --no-save -e \
	  'IRkernel::installspec(name = "ir", displayname = "R", prefix = "$(CURDIR)/$(VENV)")'

$(R_DATA)/.stamp: $(wildcard nncode/*.py) | $(BOOK_DEPS)
	$(BIN)/python -m nncode.r_bridge $(R_DATA)
	@touch $@

.PHONY: r-kernel r-data
r-kernel: $(R_KERNEL)
r-data: $(R_DATA)/.stamp

BOOK_PREREQS += $(R_KERNEL) $(R_DATA)/.stamp
TEST_PREREQS += $(R_KERNEL)
