"""The security headers set on a response's raw headers are those starlette's header object
would have set, whatever headers the response already had."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import MutableHeaders

from trustbridge.web.security import _COMMON, apply_headers, with_headers

NAMES = [*_COMMON, "cache-control", "strict-transport-security", "content-type", "etag"]
HSTS = ("strict-transport-security", "max-age=31536000; includeSubDomains")

given_headers = st.lists(
    st.tuples(
        st.sampled_from(NAMES).map(lambda name: name.encode("latin-1")),
        st.text("abc; =-", max_size=8).map(lambda value: value.encode("latin-1")),
    ),
    max_size=6,
)


@given(headers=given_headers, static=st.booleans(), secure=st.booleans())
def test_raw_headers_are_what_the_header_object_sets(
    headers: list[tuple[bytes, bytes]], static: bool, secure: bool
) -> None:
    slow = {"type": "http.response.start", "headers": list(headers)}
    out = MutableHeaders(scope=slow)
    apply_headers(out, static=static)
    if secure:
        out[HSTS[0]] = HSTS[1]
    fast = {"type": "http.response.start", "headers": list(headers)}
    more = (tuple(part.encode("latin-1") for part in HSTS),) if secure else ()
    with_headers(fast, static=static, more=more)  # type: ignore[arg-type]
    assert Counter(map(tuple, fast["headers"])) == Counter(map(tuple, slow["headers"]))
