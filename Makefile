# storyfold: every set-up step lives here, so a fresh clone needs only `make demo` / `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
SEMSTAMP := $(VENV)/.installed-semantic
DEMO_DB := $(VENV)/demo.db

.PHONY: demo test lint browser eval semantic test-semantic bench bench-deps bench-dedup bench-dedup-cli bench-stories \
	bench-account bench-refold bench-html-fold bench-hostile bench-web fuzz clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "storyfold needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	@touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev,web]'
	@touch $@

# the browser tests drive Debian's Chromium through Playwright's Python client (never a
# downloaded browser); without root or apt the tests say what is missing and skip
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) || \
	  echo "chromium could not be installed (needs root and apt): the browser tests will skip"

demo: $(STAMP)  ## fold the bundled example corpus and print its stories
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/storyfold fold examples/demo --db $(DEMO_DB)

# the optional semantic extra (fold --semantic): torch's CPU build first, so the pin decides
$(SEMSTAMP): $(STAMP)
	$(BIN)/pip install -q 'torch==2.13.0'
	$(BIN)/pip install -q -e '.[semantic]'
	@touch $@

semantic: $(SEMSTAMP)  ## install the semantic extra (then `make eval` adds the semantic row)

test-semantic: $(SEMSTAMP) $(DEVSTAMP)  ## the tests that need the semantic extra
	$(BIN)/python -m pytest tests/stories/test_semantic.py

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint browser  ## lint, then the whole test suite (browser tests in Debian's Chromium)
	$(BIN)/python -m pytest

FUZZ_SECONDS ?= 300
fuzz: $(DEVSTAMP)  ## each fuzz target for FUZZ_SECONDS (default 300), then the full kill -9 test
	STORYFOLD_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest tests/fuzz
	STORYFOLD_KILL_FULL=1 $(BIN)/python -m pytest tests/test_kill_fold.py

eval: $(STAMP) bench-deps  ## quality evaluations on ../shared/eval (each skips when absent)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/eval_stories.py
	$(BIN)/python bench/eval_account.py
	$(BIN)/python bench/eval_alignment.py
	$(BIN)/python bench/eval_paraphrase.py
	$(BIN)/python bench/eval_dedup_variants.py
	$(BIN)/python bench/eval_clean.py

bench: bench-dedup bench-dedup-cli bench-stories bench-account bench-refold bench-html-fold bench-hostile bench-web  ## speed benchmarks (comparison tools side by side)

bench-deps: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'

bench-dedup: bench-deps
	$(BIN)/python bench/bench_dedup.py

bench-dedup-cli: bench-deps  ## storyfold dedup, rensa, datasketch as whole processes
	$(BIN)/python bench/bench_dedup_cli.py

bench-stories: $(STAMP)
	$(BIN)/python bench/bench_stories.py

bench-account: $(STAMP)
	$(BIN)/python bench/bench_account.py

bench-refold: $(STAMP)
	$(BIN)/python bench/bench_refold.py

bench-html-fold: $(STAMP)
	$(BIN)/python bench/bench_html_fold.py

bench-web: $(DEVSTAMP)  ## every page of storyfold serve on 100,000 generated articles (200 ms bar)
	$(BIN)/python bench/bench_web.py

bench-hostile: $(STAMP)  ## fold every hostile input beside 100 good pages (issue 13 acceptance)
	$(BIN)/python bench/bench_hostile.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
