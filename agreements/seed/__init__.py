"""Curated seed data and the code that turns it into the committed fixtures.

- `repair`: the damage seed 000 suffered, as a function, to check repairs.
- `accord`: the Japan–Ukraine Accord clause by clause (repaired text, topics).
- `sources`: the five seed documents' metadata (their text is read verbatim).
- `reference`: countries, ISO codes and G7/EU/NATO memberships.
- `research`: reads and validates rows of the research CSV format;
- `importer`: writes them (both used by `manage.py import_agreements`).
- `facts`: every other fact the seed documents state, each with citations.
- `build`: builds all of it into the database and serialises the fixtures
  (used by `manage.py build_fixtures`).
"""
