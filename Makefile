# The two commands a newcomer needs: `make run` and `make test`. Both set themselves up.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots clean dist dist-test

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
	$(VENV)/bin/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_screenshots.py
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_deadline_screenshots.py

# The self-contained bundle (PyInstaller, the `dist` extra), then on Linux the .tar.gz with its
# .desktop file and install script (and an AppImage where appimagetool is installed).
DIST_STAMP := $(VENV)/.dist-installed

$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	nice $(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/naij-tracker.spec
	nice packaging/linux_package.sh

# Unpacks the Linux package into an empty folder and runs it with a clean environment.
dist-test:
	packaging/smoke_test.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
