"""IIJ order configurator: the domain (catalogue, order document, rules, pricing, drafts, documents).

Nothing in this package imports Qt; ui/ shows what this package derives.
"""

__version__ = "0.1.0"
