"""The web service: ``wiretrace serve DB`` — check articles against an archive over HTTP,
add and remove archived articles, and a page to paste or upload an article and read
the HTML report.

* :mod:`~wiretrace.service.app` — :func:`~wiretrace.service.app.create_app` (FastAPI);
* :mod:`~wiretrace.service.inputs` — articles out of JSON, forms, uploads;
* :mod:`~wiretrace.service.archive_ops` — the archive calls (check, add, remove, story);
* :mod:`~wiretrace.service.admission`, :mod:`~wiretrace.service.processes` — how many
  checks run at once and wait, their time limit; the check processes of ``--workers``;
* :mod:`~wiretrace.service.errors`, :mod:`~wiretrace.service.limits` — JSON errors,
  the request-size limit;
* the ``serve`` subcommand is in :mod:`wiretrace.cli.serve`.

Nothing is imported here, so the command line starts without loading FastAPI.
"""
