# The benchmark of nncode's NN against PyTorch CPU and against its own matrix products
# (tools/bench.py). Not part of `make test`: timings are not tests. It prints the
# ratios and writes them to book/appendix/bench_results.json, which the appendix page
# plots (commit the file after a run on a quiet machine). The next build shows the new
# figures: tools/cache_guard.py notices the changed file and runs again every page that
# reads it.
BENCH_JSON := book/appendix/bench_results.json
# Threads for both NumPy's BLAS and PyTorch (0 = each library's default). One thread
# gives steady figures on a machine shared with other jobs: `make bench BENCH_THREADS=0`.
BENCH_THREADS ?= 1
# Repetitions of every measurement; the best is kept (more is steadier on a busy machine).
BENCH_REPEATS ?= 5

.PHONY: bench
bench: $(TEST_DEPS) ## time NN against PyTorch and its matrix products; writes book/appendix/bench_results.json
	$(BIN)/python tools/bench.py --threads $(BENCH_THREADS) --repeats $(BENCH_REPEATS) --json $(BENCH_JSON)
