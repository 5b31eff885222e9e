# The two commands a newcomer needs; each bootstraps the machine first.
.PHONY: audit test bootstrap bench update-data

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

# Re-pin the tracker database to its newest release and refresh the data files.
update-data: bootstrap
	.venv/bin/python scripts/update_data.py
