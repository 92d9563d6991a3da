"""Prices: the price books (books) and the priced quote of an order (quote)."""
