"""Printing: service cards (爱心卡), assignment sheets (派单表) and the coverage report as PDFs.

`layout` holds what every printout shares (embedded font, styles, station header, page-count
footer, tables that never split a row); `cards` and `sheets` build the two station printouts;
`report` (the coverage workstream's) builds the bureau's report on the same layout.

For the window: `render_cards(session, out, *, township=None, resident_ids=None, two_sided=False)`
and `render_sheets(session, out, *, township=None, provider_ids=None, day=None)` return the PDF's
path; both take `progress` and `cancel` for long jobs.
"""

from carematch.core.printing.cards import render_cards
from carematch.core.printing.sheets import render_sheets

__all__ = ["render_cards", "render_sheets"]
