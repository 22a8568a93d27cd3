"""Safeguard: the case record and inspection lens for children's social care in England."""
