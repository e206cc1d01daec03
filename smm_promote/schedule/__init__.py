"""The evergreen queue: cadence, posting slots and the SQLite store."""
