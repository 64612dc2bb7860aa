# `make mutation`: mutation testing of nncode's maths modules and exercise checks with
# mutmut (requirements-mutation.txt; what is mutated: [tool.mutmut] in pyproject.toml).
# Not part of `make test`. mutmut copies the package into mutants/ (ignored by git),
# changes one operator, constant or call at a time, and runs the unit tests that cover
# the changed function; then tools/mutation_report.py prints the score of every module
# and fails below 95 % (survivors that cannot be killed are listed, with the reason, in
# tools/mutation_equivalents.txt). A second run only tests the functions that changed.
#   make mutation                              every module
#   make mutation MUTATE='nncode.losses*'      one module (mutant names or globs)
#   .venv/bin/mutmut show NAME                 the change a surviving mutant makes
MUTATION_DEPS     := $(VENV)/.mutation-deps
MUTATION_CHILDREN ?= 2
MUTATE            ?=
# one thread per library: a thread pool does not survive mutmut's fork (workers hang)
MUTATION_ENV      := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

.PHONY: mutation mutation-report

$(MUTATION_DEPS): $(TEST_DEPS) requirements-mutation.txt
	$(PIP) install -q -c constraints.txt -r requirements-mutation.txt
	@touch $@

# mutmut keeps a verdict until its function changes (or, for the mutants named on its
# command line, runs them again): the second line tests the survivors again, against the
# tests written since. Names with a glob (MUTATE) are always run again.
# (set -f: a glob in MUTATE is mutmut's, not the shell's: 'nncode.*' would match nncode.egg-info)
mutation: $(MUTATION_DEPS) ## mutation testing of nncode (mutmut); per-module scores, fails below 95 % (MUTATE=glob)
	set -f; $(MUTATION_ENV) $(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $(MUTATE)
	@set -f; survivors="$$($(BIN)/python tools/mutation_report.py --survivors $(MUTATE))"; \
	  if [ -n "$$survivors" ]; then \
	    $(MUTATION_ENV) $(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $$survivors; fi
	set -f; $(BIN)/python tools/mutation_report.py $(MUTATE)

mutation-report: $(MUTATION_DEPS) ## the per-module mutation scores of the last `make mutation`, without running it
	set -f; $(BIN)/python tools/mutation_report.py $(MUTATE)
