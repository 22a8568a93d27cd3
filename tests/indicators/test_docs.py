"""docs/indicators.md carries the registry's own definitions, so the written definitions cannot fall behind."""

from pathlib import Path

from safeguard.indicators.management.commands.indicators import definitions_markdown
from safeguard.indicators.registry import indicators

DOCS = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def test_the_docs_list_every_definition_as_registered():
    text = DOCS.read_text()
    missing = [item.key for item in indicators() if f"`{item.key}`" not in text]
    assert not missing, f"Add these indicators to docs/indicators.md: {missing}"
    listed = text.split("## The indicators as implemented", 1)[1]
    assert definitions_markdown().strip() in listed, "Regenerate the list: safeguard indicators --definitions"
