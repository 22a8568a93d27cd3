"""The one exception a validator raises for input it cannot read."""


class InputError(Exception):
    """The input cannot be read (not XML, wrong encoding, missing table or column). The message is one line."""
