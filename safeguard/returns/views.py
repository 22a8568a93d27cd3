"""Analyst pages for the statutory returns: every registered return, a build form, a build's progress, its files
and its findings.

The pages are generic over `registry.return_kinds()`. A download is an export: it is refused unless the user may
see every person in the files, and it records one access event naming them all. Findings name a child only when
the viewer may see them, and the children named on the page are recorded as a listing.
"""

from __future__ import annotations

import tempfile
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.access.selectors import people_for_listing, record_export
from safeguard.forms_errors import apply_errors

from . import selectors, services
from .forms import BuildForm
from .models import ReturnBuild, ReturnFinding
from .registry import return_kinds

FINDINGS_PER_PAGE = 100


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("Statutory returns are for analysts, senior leaders and administrators")


def _kind_or_404(key: str):
    kind = next((kind for kind in return_kinds() if kind.key == key), None)
    if kind is None:
        raise Http404("No such return")
    return kind


def _build_or_404(user, build_id: int) -> ReturnBuild:
    return get_object_or_404(selectors.builds_for(user), pk=build_id)


@require_GET
def index(request):
    user = request.user
    _require(user, "returns.view_builds")
    services.return_builds_abandon_stale()
    return render(
        request,
        "returns/index.html",
        {"summaries": selectors.kinds_with_recent_builds(user), "can_build": user.has_perm("returns.build")},
    )


def build_new(request, kind_key: str):
    _require(request.user, "returns.build")
    kind = _kind_or_404(kind_key)
    form = BuildForm(request.POST if request.method == "POST" else None, kind=kind)
    if request.method == "POST" and form.is_valid():
        asked_at = timezone.now()
        try:
            build = services.return_build_request(
                kind_key=kind.key,
                requested_by=request.user,
                year=form.cleaned_data.get("year"),
                as_of=form.cleaned_data.get("as_of"),
                options=form.options(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if build.requested_at < asked_at:
                messages.info(request, "This return was already being built for that period: this is that build")
            return redirect("returns:build", build.pk)
    return render(request, "returns/build_new.html", {"kind": kind, "form": form})


@require_GET
def build_detail(request, build_id: int):
    user = request.user
    _require(user, "returns.view_builds")
    services.return_builds_abandon_stale()
    build = _build_or_404(user, build_id)
    context = {"build": build, "can_build": user.has_perm("returns.build")}
    if build.status == ReturnBuild.Status.DONE:
        context |= _results(request, build)
    return render(request, "returns/build.html", context)


def _results(request, build: ReturnBuild) -> dict:
    severity = request.GET.get("severity", "")
    if severity not in ReturnFinding.Severity.values:
        severity = ""
    page = Paginator(selectors.findings(build, severity=severity), FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.finding_rows(request.user, list(page.object_list))
    named = {row.child.pk: row.child for row in rows if row.child is not None}
    people_for_listing(request, named.values(), what=f"findings: {build}")
    return {
        "files": list(build.files.defer("content")),
        "hidden_people": selectors.people_hidden_from(request.user, build),
        "counts": selectors.finding_counts(build),
        "severity": severity,
        "severities": ReturnFinding.Severity.choices,
        "page": page,
        "rows": rows,
    }


@require_GET
def build_status(request, build_id: int):
    """The build's progress as JSON, polled by the build page's script."""
    _require(request.user, "returns.view_builds")
    services.return_builds_abandon_stale()
    build = _build_or_404(request.user, build_id)
    return JsonResponse(
        {
            "status": build.status,
            "status_text": build.get_status_display(),
            "step": build.step,
            "done": build.steps_done,
            "total": build.steps_total,
            "percent": build.percent,
            "finished": build.is_finished,
            "url": reverse("returns:build", args=[build.pk]),
        },
        headers={"Cache-Control": "no-store"},
    )


def _downloadable(request, build_id: int) -> ReturnBuild:
    user = request.user
    _require(user, "returns.view_builds")
    build = _build_or_404(user, build_id)
    if build.status != ReturnBuild.Status.DONE:
        raise Http404("This build has no files")
    if selectors.people_hidden_from(user, build):
        raise PermissionDenied("The files include people whose records you may not see")
    return build


def _export(request, build: ReturnBuild, what: str) -> None:
    record_export(request, selectors.people_in(request.user, build).only("pk"), what=f"{build}: {what}")


def _attachment(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def build_download(request, build_id: int, file_id: int):
    """One file, decompressed as it streams (the SSD's largest files are tens of megabytes compressed)."""
    build = _downloadable(request, build_id)
    file = get_object_or_404(build.files, pk=file_id)
    _export(request, build, file.name)
    response = StreamingHttpResponse(file.chunks(), content_type=file.content_type)
    response["Content-Length"] = str(file.size)
    return _attachment(response, file.name)


@require_GET
def build_download_all(request, build_id: int):
    """Every file of the build in one zip (for returns made of several files, e.g. the SSDA903 tables).

    The zip is written to a temporary file (deleted when closed), one file at a time, then streamed: a big city's
    SSD export is hundreds of megabytes uncompressed. Level 1 compression keeps it to seconds."""
    build = _downloadable(request, build_id)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for file_id in build.files.order_by("name").values_list("pk", flat=True):
                file = build.files.get(pk=file_id)  # one file's compressed bytes in memory at a time
                with archive.open(file.name, "w", force_zip64=True) as member:
                    for chunk in file.chunks():
                        member.write(chunk)
                del file
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    name = f"{build.kind}-{build.year.label if build.year else build.as_of or build.pk}.zip"
    _export(request, build, name)
    return _attachment(FileResponse(spool, content_type="application/zip"), name)
