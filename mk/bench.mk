# The benchmark of nncode's NN against PyTorch CPU and against its own matrix products
# (tools/bench.py). Not part of `make test`: timings are not tests. It prints the
# ratios and writes them to book/appendix/bench_results.json, which the appendix page
# plots (commit the file after a run on a quiet machine).
BENCH_JSON := book/appendix/bench_results.json
# Threads for both NumPy's BLAS and PyTorch (0 = each library's default). One thread
# gives steady figures on a machine shared with other jobs: `make bench BENCH_THREADS=0`.
BENCH_THREADS ?= 1
# Repetitions of every measurement; the best is kept (more is steadier on a busy machine).
BENCH_REPEATS ?= 5

.PHONY: bench
bench: $(TEST_DEPS)
	$(BIN)/python tools/bench.py --threads $(BENCH_THREADS) --repeats $(BENCH_REPEATS) --json $(BENCH_JSON)
	@# Neither Sphinx nor the execution cache notices that a page's JSON changed (they
	@# look at the page's own text): remove the build so that the next one shows the
	@# new figures on every page that reads them.
	$(MAKE) clean
