from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def save_through_service(request, form: forms.BaseForm, call, success: str):
    """Validate the form, then call the service with its cleaned data; a service error shows on the form.

    Returns the service's result (True when it returns nothing) once saved, None when not saved.
    """
    from django.contrib import messages

    if not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, success)
    return True if result is None else result
