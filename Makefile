# The two commands a newcomer needs; each bootstraps the machine first.
.PHONY: audit test bootstrap bench

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

test: bootstrap
	.venv/bin/python -m pytest
