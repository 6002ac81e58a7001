"""The editors' admin: every model with its change list, forms and history.

- `base`: what every admin shares (history, CSV export action, citations).
- `forms`: validation the database cannot do row by row, and concurrency.
- `agreements`: the agreement form with its inlines.
- `records`: the other models.
"""

from . import agreements, records  # noqa: F401  (registers the admins)
