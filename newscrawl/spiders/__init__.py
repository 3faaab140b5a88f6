"""The project's spiders: ``site`` crawls any news site."""
