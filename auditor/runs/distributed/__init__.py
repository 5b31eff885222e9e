"""Distributed mode: a Redis work queue of sites shared by any number of `scrapy crawl site
-a queue=NAME` workers (README, "Distributed mode")."""
