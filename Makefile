# normlint — build, test and install.
#
#   make            build build/normlint and build/libnormlint.a
#   make run        build and check the bundled corpus/ (the main job)
#   make test       build and run every test suite
#   make asan       the whole suite under AddressSanitizer + UBSan (in build/asan)
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each; make fuzz-ci: CI's short run
#   make hostile    the large hostile inputs (ZIP bombs, 100 MB text, ...), timed
#   make valgrind   the whole suite under valgrind memcheck (in build/valgrind);
#                   make valgrind-ci: the subset CI runs
#   make deps       install the Debian packages the build and tests need
#   make sarif-tool install the SARIF Multitool (node/npm) for the sarif suite
#   make clients    install LibreOffice and pandoc for the annotate suite
#   make bench      benchmark against ripgrep, docx2txt, pandoc, pdftotext (bench-deps: the peers)
#   make check-real parse ../shared/corpus-real (optional; skips when absent)
#   make quality    score the rules on tests/quality (recall, false positives, floors)
#   make install PREFIX=/usr/local DESTDIR=
#   make golden-update   regenerate golden files (on purpose only; review the diff)

CC ?= cc
BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=
SAN ?=

# Debian packages: build + tests. `make deps` installs them; run/test call it
# when pkg-config cannot find a library.
DEB_PACKAGES := build-essential pkg-config libjansson-dev libcmocka-dev libpcre2-dev libyaml-dev libzip-dev libdeflate-dev libxml2-dev \
                libxml2-utils python3 git pre-commit groff mandoc man-db valgrind catdoc
# PDF is read through poppler's pdftotext, run as a separate program (GPL,
# so never linked); poppler-data holds the CMaps of CJK fonts a PDF does not embed.
DEB_PACKAGES += poppler-utils poppler-data
PKGS := jansson libpcre2-8 yaml-0.1 libzip libdeflate libxml-2.0
# Hyperscan (the multi-pattern prefilter) where Debian has it (amd64); the
# build works without it, every pattern is then searched.
ifeq ($(shell dpkg --print-architecture 2>/dev/null),amd64)
DEB_PACKAGES += libhyperscan-dev
endif
ifeq ($(shell pkg-config --exists libhs 2>/dev/null && echo yes),yes)
PKGS += libhs
HS_CFLAGS := -DNL_HAVE_HS
endif
TEST_PKGS := cmocka

WARN := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla -Wcast-qual -Wundef
# Warnings stop the build only in developer and CI builds (make WERROR=1,
# which .ci/run sets): a newer compiler or library must not break a user's.
WERROR ?= 0
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT ?= -O2
CFLAGS_BASE := -std=c11 $(OPT) -g $(WARN) -D_POSIX_C_SOURCE=200809L -fno-strict-aliasing
ifeq ($(SAN),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_SAN := -fsanitize=address,undefined
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

LIB_SRC := $(sort $(wildcard lib/*/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

BIN := $(BUILD)/normlint
LIB := $(BUILD)/libnormlint.a

.PHONY: all run test asan valgrind valgrind-ci valgrind-build deps check-deps sarif-tool clients unit golden cli check-real install uninstall clean golden-update fuzz bench bench-deps quality

all: $(BIN) $(LIB)

# The library sees its own internal headers; cmd/ sees only the public ones.
$(BUILD)/obj/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) $(HS_CFLAGS) -Ilib/include -Ilib $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# cmd/ compiles PREFIX in (where an installed normlint finds its rules): a
# stamp per PREFIX rebuilds it when `make install PREFIX=…` changes it.
PREFIX_STAMP := $(BUILD)/.prefix$(subst /,_,$(PREFIX))
$(PREFIX_STAMP):
	@mkdir -p $(@D)
	@rm -f $(BUILD)/.prefix*
	@touch $@

$(BUILD)/obj/cmd/%.o: cmd/%.c $(PREFIX_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Ilib/include -DNL_DATADIR='"$(PREFIX)/share/normlint"' -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIB)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -pthread -o $@ $(CMD_OBJ) $(LIB) $(PKG_LIBS)

# Unit tests may include internal headers (they test modules, not the CLI).
# Test support code (tests/support/) is linked into the tests, the fuzz
# targets and the benchmark generator, never into the library.
SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
$(BUILD)/tests/%: tests/unit/%.c $(SUPPORT_SRC) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Ilib/include -Ilib -Itests $(PKG_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(SUPPORT_SRC) $(LIB) \
		$(LDFLAGS_SAN) $(PKG_LIBS) $(TEST_LIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	echo "deps: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "deps: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing

# The SARIF Multitool (for the sarif test suite): node and npm from Debian when
# missing, the tool itself into build/tools (not part of `make deps`: it is
# large and needs the npm registry; CI runs it).
sarif-tool:
	@command -v npm >/dev/null || $(MAKE) --no-print-directory deps DEB_PACKAGES="nodejs npm"
	@mkdir -p build/tools
	npm install --prefix build/tools --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool

# Real clients for the annotate suite (LibreOffice headless, pandoc) and
# pdftoppm for screenshots: large, so not part of `make deps`; CI runs it.
clients:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="libreoffice-writer-nogui pandoc poppler-utils"

# (catdoc reads the corpus's legacy .doc where LibreOffice is not installed)
check-deps:
	@{ pkg-config --exists $(PKGS) $(TEST_PKGS) 2>/dev/null && command -v catdoc >/dev/null && \
	  command -v pdftotext >/dev/null; } || $(MAKE) --no-print-directory deps

# The corpus holds drafts with planted defects, so findings (exit 1) are the
# expected outcome; a usage/rule error (2) or an unreadable input (3) fails.
run: check-deps
	@$(MAKE) --no-print-directory all
	@$(BIN) check corpus; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 1 ]
	@echo
	@$(BIN) audit --register corpus/register.csv corpus; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 1 ]

test: check-deps
	@$(MAKE) --no-print-directory all $(TEST_BIN) $(FUZZ_REPLAY_BIN)
	@tests/run-all.sh $(BUILD)

asan: check-deps
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 OPT=-O1 test

# The large hostile inputs (tests/hostile/large.sh): ZIP bombs of 4 GiB,
# billion laughs, 100,000-deep XML, a 100 MB text, a 10 MB line, 100,000
# paragraphs; generated in a temporary directory, each run timed with
# /usr/bin/time -v and held to 60 s and 2 GB of peak RSS. The small hostile
# cases are the `hostile` suite of `make test`. Never part of `make test`.
DEB_PACKAGES += time
.PHONY: hostile
hostile: check-deps
	@command -v /usr/bin/time >/dev/null || $(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@tests/hostile/large.sh $(BIN)

# The suites under valgrind memcheck (tests/valgrind/run.sh): every cmocka
# binary and every CLI suite with the program wrapped; an error or a
# definite/indirect leak fails. `make valgrind` runs them all (about half an
# hour: every run of the program compiles the rule packs without JIT under
# memcheck); `make valgrind-ci` is the subset CI runs (VALGRIND_CI_SUITES).
VALGRIND_BUILD ?= build/valgrind
# The CI subset: every unit binary (every library module, loaders and
# reporters included), the concept mechanisms (vocabularies, all, veto, local
# places, document-type evidence) and every rule's examples run by the
# program. The golden, CLI and hardening suites run under ASan and UBSan in
# CI (make asan) and under memcheck with `make valgrind`.
VALGRIND_CI_SUITES = $(notdir $(TEST_BIN)) concepts rule-examples

valgrind-build: check-deps
	@command -v valgrind >/dev/null || $(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory BUILD=$(VALGRIND_BUILD) OPT=-O1 all \
		$(TEST_SRC:tests/unit/%.c=$(VALGRIND_BUILD)/tests/%)

valgrind: valgrind-build
	@tests/valgrind/run.sh $(VALGRIND_BUILD)

valgrind-ci: valgrind-build
	@tests/valgrind/run.sh $(VALGRIND_BUILD) $(VALGRIND_CI_SUITES)

# libFuzzer targets (clang, ASan + UBSan, tests/fuzz/): each loader (text with
# encoding detection, DOCX, ODT and OFD from an in-memory ZIP, XML, HTML), DOCX
# and ODT parts packed into a valid ZIP by the target (office), OFD parts
# likewise (ofdparts), rule packs, the register CSV, the JSONL merge reader,
# the structure recogniser, the check engine (bundled rules, fixes,
# reporters) over arbitrary text, the PDF loader's reading of pdftotext's
# output (pdf: not pdftotext itself), and the OLE2 classifier (ole2).
# `make fuzz` runs each for FUZZ_SECONDS seeded from the fixtures
# (tests/fuzz/run.sh prints "TARGET: N execs, crashes: K"); `make fuzz-ci` is
# the short run CI does (FUZZ_CI_SECONDS each). FUZZ_DIR keeps the clang build,
# the corpora libFuzzer grows and crash inputs. Any crash fails.
# The same targets are linked with tests/fuzz/replay.c by the normal compiler
# (BUILD/fuzz-replay/replay_TARGET) and replayed over their seeds and saved
# crash inputs (tests/fuzz/regress/TARGET/) by the fuzz-replay suite of `make test`.
FUZZ_SECONDS ?= 10
FUZZ_CI_SECONDS ?= 10
FUZZ_CC ?= clang
FUZZ_DIR ?= $(BUILD)/fuzz
# Debian 12's clang only recommends the package holding libFuzzer.
DEB_PACKAGES += clang libclang-rt-dev
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-std=c11 -D_POSIX_C_SOURCE=200809L -Ilib/include -Ilib $(PKG_CFLAGS)
FUZZ_LOADERS := text docx odt ofd xml html
FUZZ_TARGETS := $(FUZZ_LOADERS) office ofdparts pdf rules register merge structure check xmlscan ole2
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_REPLAY_BIN := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/replay_%)
# fuzz_merge reads the bundled rules and the corpus register from the tree.
FUZZ_DEFS := -DNL_FUZZ_ROOT='"$(CURDIR)"'
FUZZ_HDR := tests/fuzz/fuzz_doc.h tests/fuzz/fuzz_bundled.h tests/fuzz/fuzz_parts.h tests/unit/xml_trace.h

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libnormlint.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_LOADERS:%=$(FUZZ_DIR)/fuzz_%): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_loader.c $(FUZZ_HDR) $(FUZZ_DIR)/libnormlint.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -DLOADER=nl_loader_$* $< -o $@ $(FUZZ_DIR)/libnormlint.a $(PKG_LIBS)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDR) $(SUPPORT_SRC) $(FUZZ_DIR)/libnormlint.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -Itests -fsanitize=fuzzer $(FUZZ_DEFS) $< $(SUPPORT_SRC) -o $@ $(FUZZ_DIR)/libnormlint.a $(PKG_LIBS)

$(FUZZ_LOADERS:%=$(BUILD)/fuzz-replay/replay_%): $(BUILD)/fuzz-replay/replay_%: tests/fuzz/fuzz_loader.c \
		tests/fuzz/replay.c $(FUZZ_HDR) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Ilib/include -Ilib $(PKG_CFLAGS) -DLOADER=nl_loader_$* -o $@ $< \
		tests/fuzz/replay.c $(LIB) $(LDFLAGS_SAN) $(PKG_LIBS)

$(BUILD)/fuzz-replay/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_HDR) $(SUPPORT_SRC) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Ilib/include -Ilib -Itests $(PKG_CFLAGS) $(FUZZ_DEFS) -o $@ $< tests/fuzz/replay.c $(SUPPORT_SRC) \
		$(LIB) $(LDFLAGS_SAN) $(PKG_LIBS)

-include $(FUZZ_LIB_OBJ:.o=.d)

.PHONY: fuzz fuzz-ci fuzz-build
fuzz-build: check-deps
	@command -v $(FUZZ_CC) >/dev/null || $(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-ci: fuzz-build
	@start=$$(date +%s); tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_CI_SECONDS) $(FUZZ_TARGETS); rc=$$?; \
	echo "fuzz-ci: $$(( $$(date +%s) - start )) s of fuzzing"; exit $$rc

# benchmark (not a test): a generated corpus checked by normlint and by the
# tools a user would otherwise script (ripgrep, docx2txt, pandoc, python3),
# timed with hyperfine; prints medians and ratios, asserts nothing.
BENCH_PACKAGES := ripgrep docx2txt hyperfine pandoc python3 poppler-utils
$(BUILD)/bench-gen: tests/bench/gen.c $(SUPPORT_SRC) $(LIB)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Ilib/include -Ilib -Itests -o $@ $< $(SUPPORT_SRC) $(LIB) $(PKG_LIBS) -lm

# The peers from Debian (through `deps`) when one is missing.
bench-deps:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(BENCH_PACKAGES)"

bench: check-deps bench-deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench-gen
	@tests/bench/run.sh $(BIN) $(BUILD)/bench-gen $(BUILD)/bench

check-real: all
	@tests/check-real.sh $(BIN) ../shared/corpus-real
	@tests/cli/ofd_real.sh $(BIN); rc=$$?; [ $$rc = 0 ] || [ $$rc = 77 ]

# The quality development set (tests/quality): recall and false positives per
# family on its tune and test halves, error findings per real document; fails
# when a figure is worse than its floor in tests/quality/floors.tsv.
quality: all
	@python3 tests/quality/score.py --normlint $(BIN)

golden-update: all
	@tests/golden/run.sh $(BIN) --update

# `make install` also installs the manual pages and the bash completion.
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/normlint
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/normlint
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libnormlint.a
	install -m 644 lib/include/normlint/*.h $(DESTDIR)$(PREFIX)/include/normlint/
	cd rules && find . -type d -exec install -d $(DESTDIR)$(PREFIX)/share/normlint/rules/{} \; && \
		find . -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.md' -o -name '*.tsv' \) \
		-exec install -m 644 {} $(DESTDIR)$(PREFIX)/share/normlint/rules/{} \;
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 doc/normlint.1 $(DESTDIR)$(MANDIR)/man1/normlint.1
	install -m 644 doc/normlint-rules.5 $(DESTDIR)$(MANDIR)/man5/normlint-rules.5
	install -m 644 completion/normlint.bash $(DESTDIR)$(BASHCOMPDIR)/normlint
	install -d $(DESTDIR)$(PREFIX)/share/doc/normlint
	install -m 644 LICENSE README.md $(DESTDIR)$(PREFIX)/share/doc/normlint/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/normlint $(DESTDIR)$(PREFIX)/lib/libnormlint.a
	rm -rf $(DESTDIR)$(PREFIX)/include/normlint $(DESTDIR)$(PREFIX)/share/normlint $(DESTDIR)$(PREFIX)/share/doc/normlint
	rm -f $(DESTDIR)$(MANDIR)/man1/normlint.1 $(DESTDIR)$(MANDIR)/man5/normlint-rules.5
	rm -f $(DESTDIR)$(BASHCOMPDIR)/normlint

# make man-lint: the manual pages must format without a single warning
# (groff and mandoc); tests/cli/install.sh checks the same.
.PHONY: man-lint
man-lint:
	@for p in doc/normlint.1 doc/normlint-rules.5; do \
	  out=$$( { groff -ww -man -Tutf8 $$p >/dev/null; mandoc -Tlint -W warning $$p; } 2>&1 ); \
	  if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	done; echo "man-lint: no warnings"

clean:
	rm -rf build
