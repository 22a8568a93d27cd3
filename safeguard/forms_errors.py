from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


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


# --- Pages with several forms: the submit button's name="action" says which one was posted -----------------


def posted_action(request) -> str | None:
    """The action a POST asks for (the submit button's value), or None for a GET."""
    return request.POST.get("action") if request.method == "POST" else None


def bound_to(request, action: str | None, name: str):
    """The POST data for the form named `name` if it was the one posted, else None (an unbound form)."""
    return request.POST if action == name else None


def check_action(action: str | None, allowed: dict[str, bool]) -> None:
    """Refuse an action the page does not offer, or one the user's role may not take."""
    if action is not None and not allowed.get(action, False):
        raise PermissionDenied("Unknown action, or not one your role may take")
