"""The care leaver page takes only the person id, so the sweep needs no extra records."""


def sweep_kwargs(case) -> dict:
    return {}
