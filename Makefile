# The two commands a newcomer needs: `make run` and `make test`. Both set themselves up.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/naij-tracker

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
