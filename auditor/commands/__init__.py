"""The project's Scrapy commands (COMMANDS_MODULE): they override Scrapy's built-ins."""
