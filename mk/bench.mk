# The benchmark of nncode's NN against PyTorch CPU and against its own matrix products
# (tools/bench.py). Not part of `make test`: timings are not tests. It prints the
# ratios and writes them to book/appendix/bench_results.json, which the appendix page
# plots (commit the file after a run on a quiet machine).
BENCH_JSON := book/appendix/bench_results.json

.PHONY: bench
bench: $(TEST_DEPS)
	$(BIN)/python tools/bench.py --json $(BENCH_JSON)
