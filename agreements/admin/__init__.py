"""The editors' admin: every model with its change list, forms and history.

- `base`: what every admin shares (history, CSV export action, citations).
- `forms`: validation the database cannot do row by row, and concurrency.
- `agreements`: the agreement form with its inlines.
- `records`: the other models.
- `provisions`: the provision vocabulary and each agreement's coding.
"""

from . import agreements, provisions, records  # noqa: F401  (registers the admins)
