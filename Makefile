# The two commands of the README: `make conformance` and `make test`.
# make exits 2 whenever its command fails: CI reads the suite's own exit codes (0, 1, 4) from
# .venv/bin/educonnect-conformance, the command these targets call.
# Python's caches are kept (.venv, __pycache__/, ignored by git) even where the environment sets
# PYTHONDONTWRITEBYTECODE, as these machines do: without them every pytest process (each worker,
# each run the project's tests start) recompiles the ~300 plugin modules whose asserts pytest
# rewrites, about 3 CPU-seconds each time.
unexport PYTHONDONTWRITEBYTECODE
PYTEST := .venv/bin/pytest
PYTHON := .venv/bin/python
COMMAND := .venv/bin/educonnect-conformance
WORKERS ?= auto
TARGET ?=

.PHONY: bootstrap conformance educonnect-metadata test serve bench fiabilite durees screenshots clean

bootstrap:
	@scripts/bootstrap

## every feature against the embedded reference stack; reports in reports/
## TARGET=targets/x.toml: the @ent and @conformance scenarios against that ENT (one process)
conformance: bootstrap
ifeq ($(strip $(TARGET)),)
	$(COMMAND) --travailleurs $(WORKERS)
else
	$(COMMAND) --cible $(TARGET)
endif

## TARGET=targets/x.toml: write the reference ÉduConnect's SAML metadata for that ENT to register
educonnect-metadata: bootstrap
	$(COMMAND) metadonnees $(or $(TARGET),targets/reference.toml)

## everything CI runs: the project's own tests and every feature, in parallel
# (3 workers on 2 cores: the proofs wait out their short timeouts, a third worker fills those waits)
test: bootstrap
	$(PYTEST) tests steps -n 3

## the reference stack for people (Ctrl-C to stop)
serve: bootstrap
	$(COMMAND) serve

## the suite's wall time and CPU-seconds, harness against raw Playwright, stack start-up (COMPLET=1: make test too)
bench: bootstrap
	$(PYTHON) -m harness.bench $(if $(COMPLET),--complet)

## the suite FOIS times (default 10) in random order under -n 2; lists the scenarios whose result changed
fiabilite: bootstrap
	$(PYTHON) -m harness.reliability $(if $(FOIS),--fois $(FOIS))

## rewrites tests/durations.json from a run of every scenario (-n 2): pytest-split's shards (--splits N --group K)
durees: bootstrap
	$(PYTHON) -m harness.durations

## PNGs at 390 px and 1280 px of ÉduConnect's login, the activation code, the console and the report (reports/screenshots/)
screenshots: bootstrap
	$(PYTHON) -m harness.screenshots

clean:
	rm -rf reports/junit.xml reports/cucumber.json reports/traces reports/shard-*
