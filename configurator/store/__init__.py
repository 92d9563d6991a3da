"""What is kept on the laptop: the draft store (SQLite), settings, the issuer, the error log, and
files written whole or not at all."""
