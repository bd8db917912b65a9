"""The SSRF guard: where ticketlake may send credentials."""

from __future__ import annotations

import pytest

from ticketlake.connectors.netguard import NetworkPolicy, UnsafeURL, guard_url

PUBLIC = "93.184.216.34"


def resolver_to(*addresses: str):
    def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


def failing_resolver(host: str, port: int) -> list[str]:
    raise OSError(-2, "Name or service not known")


def test_public_https_host_is_accepted_with_its_addresses() -> None:
    guarded = guard_url(
        "https://acme.teamdynamix.com/TDWebApi", NetworkPolicy(resolver=resolver_to(PUBLIC))
    )
    assert guarded.host == "acme.teamdynamix.com"
    assert guarded.addresses == (PUBLIC,)


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "fd00::1",
        "::1",
        "fe80::1",
    ],
)
def test_host_resolving_to_an_inner_address_is_refused(address: str) -> None:
    with pytest.raises(UnsafeURL, match="private, loopback or link-local"):
        guard_url("https://tdx.example.com/TDWebApi", NetworkPolicy(resolver=resolver_to(address)))


def test_one_inner_address_among_public_ones_is_enough_to_refuse() -> None:
    policy = NetworkPolicy(resolver=resolver_to(PUBLIC, "10.1.2.3"))
    with pytest.raises(UnsafeURL, match=r"10\.1\.2\.3"):
        guard_url("https://tdx.example.com/TDWebApi", policy)


def test_ipv4_mapped_ipv6_loopback_is_seen_through() -> None:
    with pytest.raises(UnsafeURL, match="private, loopback"):
        guard_url("https://[::ffff:127.0.0.1]/TDWebApi", NetworkPolicy())


def test_private_address_is_accepted_when_explicitly_allowed() -> None:
    policy = NetworkPolicy(allow_private_network=True, resolver=resolver_to("10.0.0.5"))
    assert guard_url("https://tdx.corp.example/TDWebApi", policy).addresses == ("10.0.0.5",)


def test_private_network_allowance_still_requires_https() -> None:
    policy = NetworkPolicy(allow_private_network=True, resolver=resolver_to("10.0.0.5"))
    with pytest.raises(UnsafeURL, match="https://"):
        guard_url("http://tdx.corp.example/TDWebApi", policy)


def test_plain_http_is_refused_without_the_localhost_switch() -> None:
    with pytest.raises(UnsafeURL, match="must use https://"):
        guard_url("http://127.0.0.1:8080/TDWebApi", NetworkPolicy())


def test_plain_http_to_loopback_is_accepted_with_the_localhost_switch() -> None:
    policy = NetworkPolicy(allow_insecure_localhost=True)
    assert guard_url("http://127.0.0.1:8080/TDWebApi", policy).addresses == ("127.0.0.1",)


def test_localhost_switch_does_not_open_plain_http_to_other_hosts() -> None:
    policy = NetworkPolicy(allow_insecure_localhost=True, resolver=resolver_to(PUBLIC))
    with pytest.raises(UnsafeURL, match="must use https://"):
        guard_url("http://acme.teamdynamix.com/TDWebApi", policy)


def test_localhost_switch_does_not_open_private_networks() -> None:
    policy = NetworkPolicy(allow_insecure_localhost=True, resolver=resolver_to("192.168.0.9"))
    with pytest.raises(UnsafeURL, match="allow-private-network"):
        guard_url("https://nas.local/TDWebApi", policy)


def test_unspecified_address_is_never_accepted() -> None:
    policy = NetworkPolicy(allow_private_network=True, allow_insecure_localhost=True)
    with pytest.raises(UnsafeURL, match="unspecified"):
        guard_url("https://0.0.0.0/TDWebApi", policy)


def test_unresolvable_host_is_a_clear_error() -> None:
    with pytest.raises(UnsafeURL, match="does not resolve"):
        guard_url("https://nope.invalid/TDWebApi", NetworkPolicy(resolver=failing_resolver))


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("acme.teamdynamix.com/TDWebApi", "full URL"),
        ("ftp://acme.teamdynamix.com/TDWebApi", "full URL"),
        ("https://", "full URL"),
        ("https://svc:hunter2@acme.teamdynamix.com/TDWebApi", "user name or password"),
        ("https://acme.teamdynamix.com/TDWebApi?x=1", "query string"),
        ("https://acme.teamdynamix.com:99999/TDWebApi", "invalid port"),
        ("https://acme teamdynamix.com/TDWebApi", "spaces"),
    ],
)
def test_malformed_url_is_refused_before_any_lookup(url: str, problem: str) -> None:
    with pytest.raises(UnsafeURL, match=problem):
        guard_url(url, NetworkPolicy(resolver=failing_resolver))


def test_error_never_repeats_credentials_pasted_into_the_url() -> None:
    with pytest.raises(UnsafeURL) as info:
        guard_url("https://svc:hunter2@acme.teamdynamix.com/", NetworkPolicy())
    assert "hunter2" not in str(info.value)
