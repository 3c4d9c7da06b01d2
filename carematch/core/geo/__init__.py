"""Geography offline: distances of record, coordinate systems, the gazetteer, placing records."""
