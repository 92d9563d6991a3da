"""Qt user interface. Shows what configurator/ derives; holds no rule, price or tariff fact."""
