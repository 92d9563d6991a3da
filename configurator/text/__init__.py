"""Language and Japanese text: the UI catalogues (i18n), dates and yen as a Japanese office writes
them (jpformat), and normalising what a user types (jpinput)."""
