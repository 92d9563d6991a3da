"""The command line's subcommands by area; configurator/cli.py holds the parser, the order commands
(validate, choices, price, pricebook, calc, about) and main()."""
