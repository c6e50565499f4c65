# The benchmark programs, bench/NAME.c → $(B)/bench/NAME, built with the
# main Makefile's flags: make -f Makefile -f bench/bench.mk B=... bench-progs
# (bench/run.sh does this; `make bench` runs bench/run.sh).
BENCH_SRC = $(sort $(wildcard bench/*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(B)/bench/%)

.PHONY: bench-progs
bench-progs: $(BENCH_BIN)

$(B)/bench/%: bench/%.c $(B)/libpaikka.a $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libpaikka.a $(LDLIBS)
