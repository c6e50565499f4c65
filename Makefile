# Paikka: see README.md. `make run` and `make check` are the two commands.
# Builds go to $(B) (build/); `make SAN=1` builds with ASan+UBSan into
# build-san/.

CC      ?= cc
SAN     ?=
ifeq ($(RELEASE),1)
B       ?= build-release
endif
ifeq ($(SAN),1)
B       ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT      = -O1
else
B       ?= build
SANFLAGS =
OPT      = -O2
endif
# Every build but RELEASE=1 honours the test clock (paikkactl clock).
ifneq ($(RELEASE),1)
CLOCKFLAGS = -DPAIKKA_TEST_CLOCK
endif
PKGS     = sqlite3 libsodium libxml-2.0 jansson
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -g $(OPT) $(SANFLAGS) $(CLOCKFLAGS) -Iinclude $(shell pkg-config --cflags $(PKGS) 2>/dev/null || echo -I/usr/include/libxml2)
LDLIBS   = -lfcgi -lscrypt $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -lsodium -lxml2 -ljansson) -lm
LDFLAGS += $(SANFLAGS)

LIB_SRC  = $(sort $(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
CGI_SRC  = $(sort $(wildcard cgi-bin/*.c))
CGI_BIN  = $(CGI_SRC:cgi-bin/%.c=$(B)/cgi-bin/%)
TOOL_SRC = $(sort $(wildcard tools/*.c))
TOOL_BIN = $(TOOL_SRC:tools/%.c=$(B)/bin/%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
PO       = $(sort $(wildcard po/*.po))
MO       = $(PO:po/%.po=$(B)/locale/%/LC_MESSAGES/paikka.mo)
HDRS     = $(wildcard include/paikka/*.h)

.PHONY: all deps run check unit fuzz format clean pot bench soak

all: $(B)/libpaikka.a $(CGI_BIN) $(TOOL_BIN) $(MO)

deps:
	@tools/deps.sh

$(B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libpaikka.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# A program is cgi-bin/NAME.c plus any cgi-bin/NAME/*.c handler files.
.SECONDEXPANSION:
$(B)/cgi-bin/%: cgi-bin/%.c $$(wildcard cgi-bin/$$*/*.c cgi-bin/$$*/*.h) $(B)/libpaikka.a $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(B)/libpaikka.a $(LDLIBS)

$(B)/bin/%: tools/%.c $(B)/libpaikka.a $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libpaikka.a $(LDLIBS)

# The mailer alone speaks SMTP, through libcurl.
$(B)/bin/paikka-mailer: private CFLAGS += $(shell pkg-config --cflags libcurl 2>/dev/null)
$(B)/bin/paikka-mailer: private LDLIBS += $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)

$(B)/tests/%: tests/unit/%.c tests/unit/test.h $(B)/libpaikka.a $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(B)/libpaikka.a $(LDLIBS)

$(B)/locale/%/LC_MESSAGES/paikka.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

unit: $(UNIT_BIN)
	@rc=0; for t in $(UNIT_BIN); do echo "# $$t"; $$t || rc=1; done; exit $$rc

# Message catalogue: strings from C sources (_(), N_()) and templates
# ({{t "..."}}) into po/paikka.pot, merged into each language.
pot:
	@tools/pot.sh

run:
	@tools/deps.sh run
	@$(MAKE) --no-print-directory all
	@tools/run.sh

check: deps
	@tests/check.sh

fuzz:
	@tests/fuzz.sh long

# Benchmarks at national scale (never part of make check): bench/run.sh.
bench: deps all
	@bench/run.sh

# Load and faults (bounded, loopback only; not part of make check).
soak: deps all
	@tests/soak/run.sh

format:
	clang-format -i $(LIB_SRC) $(CGI_SRC) $(wildcard cgi-bin/*/*.c cgi-bin/*/*.h) $(TOOL_SRC) $(UNIT_SRC) $(HDRS) $(wildcard fuzz/*.c)

clean:
	rm -rf build build-san build-fuzz
