"""Report writers, as Scrapy item pipelines."""
