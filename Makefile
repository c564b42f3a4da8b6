.DEFAULT_GOAL := help
.PHONY: help run test lint format check migrations-check reindex

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

run: ## Set up and run the demo site on http://127.0.0.1:8000 (SQLite, database search)
	site/bin/run

test: ## Set up and run the whole test suite against PostgreSQL and Elasticsearch 9
	site/bin/test-stack

lint: ## Check the code with ruff
	.venv/bin/python -m ruff check . && .venv/bin/python -m ruff format --check .

format: ## Format the code with ruff
	.venv/bin/python -m ruff check --fix . && .venv/bin/python -m ruff format .

migrations-check: ## Fail if a model change has no migration
	.venv/bin/python manage.py makemigrations --check --dry-run

check: lint migrations-check ## Lint and check migrations

reindex: ## Rebuild the search index
	.venv/bin/python manage.py update_index
