"""Native validation of the DfE statutory returns (CIN census; SSDA903 to come) on Polars frames.

`engine.py` holds the rule model and the runner, `cin/` the CIN census reader and its rule sets by collection
year, `report.py` the text/JSON/CSV output and `cli.py` the `safeguard returns validate` subcommand.
See docs/validation.md.
"""
