"""Printing: service cards (爱心卡), assignment sheets (派单表) and the coverage report as PDFs.

`layout` holds what every printout shares (embedded font, styles, station header, page-count
footer, tables that never split a row); `cards` and `sheets` build the two station printouts;
`report` (the coverage workstream's) builds the bureau's report on the same layout.
"""
