# The two commands a newcomer needs; each bootstraps the machine first.
.PHONY: audit test check bootstrap bench accuracy update-data locale screenshots

URL ?=

bootstrap:
	@bash scripts/bootstrap.sh

# No URL: audit the bundled demo sites of the test world. With URL=...: that site.
audit: bootstrap
ifeq ($(strip $(URL)),)
	.venv/bin/python scripts/demo_audit.py
else
	.venv/bin/scrapy crawl site -a url="$(URL)"
endif

test:
	@bash scripts/bootstrap.sh test
	.venv/bin/python -m pytest

# The fast lane before each commit (under 2 minutes): lint, and the tests that need no
# browser. One area of browser tests: .venv/bin/python -m pytest -m "consent and browser".
check:
	@bash scripts/bootstrap.sh test
	.venv/bin/ruff check auditor reports spiders scripts tests
	.venv/bin/python -m pytest -m "not browser" -q -p no:cacheprovider

# Figures, not a test: audit test-world sites at concurrency 1, 2 and 4 and the floor
# (scripts/bench.py; e.g. make bench BENCH="--sites 20 --keep bench-runs").
BENCH ?=
bench: bootstrap
	.venv/bin/python scripts/bench.py $(BENCH)

# Figures, not a test: precision and recall of the legal-notice, policy and banner readers over
# the labelled corpora of tests/corpus (ACCURACY=--errors lists the cases read wrong).
ACCURACY ?=
accuracy: bootstrap
	.venv/bin/python scripts/accuracy.py $(ACCURACY)

# Re-pin the tracker database to its newest release and refresh the data files.
update-data: bootstrap
	.venv/bin/python scripts/update_data.py

# After changing a report's English text (reports/i18n/*.yaml, templates, views): extract the
# texts (babel.cfg) and merge them into the French catalogue, reports/locale/fr/LC_MESSAGES/
# messages.po, whose new entries await their translation (tests/test_i18n.py says which).
locale: bootstrap
	.venv/bin/python -m babel.messages.frontend extract -F babel.cfg --no-wrap --sort-by-file \
		--project auditor --omit-header -o reports/locale/messages.pot .
	.venv/bin/python -m babel.messages.frontend update -i reports/locale/messages.pot \
		-d reports/locale --no-wrap --no-fuzzy-matching --ignore-obsolete

# The README's pictures of the report (docs/report-*.png): two test-world sites audited, their
# reports photographed in French and English.
screenshots: bootstrap
	.venv/bin/python scripts/report_screenshots.py
