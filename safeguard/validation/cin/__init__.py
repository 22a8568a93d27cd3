"""The CIN census: reader (XML to frames) and rule sets by collection year."""
