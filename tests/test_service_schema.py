"""The service against its own OpenAPI description (schemathesis): requests generated
from the schema — valid and invalid bodies, ids, uploads — never get a server error,
and every answer has a status, content type and body the schema documents."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from service_helpers import demo_documents, make_archive
from wiretrace.service.app import create_app

TOKEN = "schema-test-token"


def test_the_service_keeps_to_its_openapi(tmp_path: Path) -> None:
    docs = demo_documents()
    db = make_archive(tmp_path / "news.db", [docs["wire-original"], docs["unrelated"]])
    app = create_app(db, token=TOKEN, max_bytes=200_000)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5

    for operation in operations:
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
            # Every check but "schema-valid data is accepted": the schema's upload is any
            # bytes, and an upload in a format wiretrace does not read (a PDF) is refused
            # with the documented 415, as it should be.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        call()


def test_the_story_page_is_documented_as_html(tmp_path: Path) -> None:
    """`GET /stories/{id}?format=html` answers HTML: the schema says so (schemathesis
    found the answer undocumented when it happened to generate `format=html`)."""
    docs = demo_documents()
    app = create_app(make_archive(tmp_path / "news.db", [docs["wire-original"]]), token=TOKEN)
    spec = app.openapi()
    ok = spec["paths"]["/stories/{doc_id}"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/html"} <= set(ok)
