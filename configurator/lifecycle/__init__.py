"""Orders on a contract already running: change and cancellation orders, and the contracts an order
holds."""
