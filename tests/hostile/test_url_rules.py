"""Property tests of the URL rules: canonical addresses and the trap rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.links import (
    MAX_PATH_SEGMENTS,
    MAX_QUERY_PARAMS,
    MAX_SEGMENT_REPEATS,
    trap_reason,
    url_family,
)
from newscrawl.network import is_public_address
from newscrawl.urls import absolute_url, canonical_url

segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
distinct_path = st.lists(segment, min_size=0, max_size=MAX_PATH_SEGMENTS, unique=True)
param = st.tuples(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=8),
)


def url_of(path: list[str], params: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    query = "&".join(f"{k}={v}" for k, v in params)
    return "https://news.example.com/" + "/".join(path) + ("?" + query if query else "")


@given(distinct_path, st.lists(param, max_size=MAX_QUERY_PARAMS))
def test_an_ordinary_address_is_no_trap(path: list[str], params: list[tuple[str, str]]) -> None:
    assert trap_reason(url_of(path, params)) is None


@given(distinct_path, segment, st.integers(min_value=0, max_value=MAX_PATH_SEGMENTS))
def test_a_segment_repeated_too_often_is_a_trap(path: list[str], repeated: str, at: int) -> None:
    nested = path[:at] + [repeated] * (MAX_SEGMENT_REPEATS + 1) + path[at:]
    assert trap_reason(url_of(nested)) in ("repeated_segment", "deep_path")


@given(st.lists(segment, min_size=2, max_size=4, unique=True), distinct_path)
def test_a_path_that_nests_itself_is_a_trap(run: list[str], prefix: list[str]) -> None:
    assert trap_reason(url_of(prefix + run + run)) in ("repeated_segment", "deep_path")


@given(st.lists(param, min_size=MAX_QUERY_PARAMS + 1, max_size=40))
def test_too_many_parameters_is_a_trap(params: list[tuple[str, str]]) -> None:
    assert trap_reason(url_of(["news"], params)) in ("many_params", "long_url")


@given(distinct_path, st.lists(param, max_size=5))
def test_tracking_parameters_never_make_another_address(
    path: list[str], params: list[tuple[str, str]]
) -> None:
    plain = url_of(path, params)
    tracked = url_of(path, [*params, ("utm_source", "x"), ("fbclid", "abc")])
    assert canonical_url(tracked) == canonical_url(plain)
    assert canonical_url(canonical_url(plain)) == canonical_url(plain)
    assert trap_reason(canonical_url(plain)) is None


@given(distinct_path, st.lists(param, max_size=5), st.lists(param, max_size=5))
def test_query_variants_are_one_family(
    path: list[str], a: list[tuple[str, str]], b: list[tuple[str, str]]
) -> None:
    assert url_family(url_of(path, a)) == url_family(url_of(path, b))


@given(st.text(max_size=60))
def test_only_http_and_https_addresses_come_out(href: str) -> None:
    url = absolute_url(href, "https://news.example.com/section/")
    assert url is None or url.startswith(("http://", "https://"))


@given(st.ip_addresses())
def test_loopback_private_and_link_local_are_never_public(ip: object) -> None:
    import ipaddress

    address = ipaddress.ip_address(str(ip))
    if address.is_loopback or address.is_private or address.is_link_local:
        assert not is_public_address(str(address))
