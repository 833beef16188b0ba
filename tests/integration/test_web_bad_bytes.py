"""A posted field holding half of a surrogate pair or a NUL (issue 13): a browser cannot send
one, but raw bytes can arrive. The form comes back (422) with the message by that field, and
nothing is saved; never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import store_of
from trustbridge.services import entries

FORM = {"content-type": "application/x-www-form-urlencoded"}
RETYPE = "some of it could not be read as text"


@pytest.mark.parametrize(
    "raw",
    [b"%ED%A0%80", b"%ED%BF%BF", b"a%00b", b"\xed\xa0\x80", b"%C0%80", b"%FF"],
)
def test_a_bad_byte_in_a_posted_field_is_named_by_its_field(client: TestClient, raw: bytes) -> None:
    body = b"title=Late+again&body=I+" + raw + b"+waited"
    page = client.post("/tools/journal", content=body, headers=FORM)
    assert page.status_code == 422, page.text
    assert RETYPE in page.text and "Something went wrong" not in page.text
    assert entries.recent(store_of(client), "journal") == []


def test_a_bad_byte_in_a_multipart_field_is_named_by_its_field(client: TestClient) -> None:
    boundary = "tb13"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nLate\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n'
        ).encode()
        + b"I \xed\xa0\x80 waited\x00\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    page = client.post(
        "/tools/journal",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert page.status_code == 422, page.text
    assert RETYPE in page.text
    assert entries.recent(store_of(client), "journal") == []
