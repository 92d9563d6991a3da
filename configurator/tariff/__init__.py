"""What the two tariffs (個別規程) say: the catalogue of items and devices, the rules an order must
keep, the choices a field allows, and the calculations (dates, minimum terms, charges)."""
