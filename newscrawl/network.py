"""Which addresses a crawl may connect to: public ones only, unless told otherwise.

A page on the open web can link to ``http://127.0.0.1:6379/``, ``http://10.0.0.5/admin`` or
``http://metadata.internal/`` (a name that resolves to a private address). A crawler that
follows such links reaches services that trust their network. So every address a host name
resolves to is checked *after* DNS, when the connection is about to be made
(:class:`GuardedResolver`, installed as Scrapy's ``TWISTED_DNS_RESOLVER``), and literal IP hosts
are refused before anything is sent (:mod:`newscrawl.middlewares.network`).

``NEWSCRAWL_ALLOW_PRIVATE_NETWORKS=true`` switches the refusal off: the demo site, the tests
and local benchmarks crawl sites on loopback.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from scrapy.resolver import CachingHostnameResolver
from scrapy.utils.datatypes import LocalCache
from twisted.internet.interfaces import IHostnameResolver, IResolutionReceiver
from zope.interface import implementer, provider

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.interfaces import IAddress, IHostResolution

ALLOW_SETTING = "NEWSCRAWL_ALLOW_PRIVATE_NETWORKS"


class PrivateNetworkRefused(Exception):
    """A request for a private, loopback, link-local or otherwise non-public address."""

    def __init__(self, host: str, address: str) -> None:
        where = host if host == address else f"{host} ({address})"
        super().__init__(
            f"refused to connect to {where}: not a public address;"
            f" set {ALLOW_SETTING}=true to crawl private networks"
        )
        self.host = host
        self.address = address


def is_public_address(address: str) -> bool:
    """Whether ``address`` (an IPv4 or IPv6 literal) is on the public internet.

    Loopback, private (RFC 1918, unique-local), link-local (cloud metadata services live
    there), carrier-grade NAT, multicast, reserved and unspecified addresses are not; nor is
    an IPv4 address mapped or embedded in IPv6 whose IPv4 part is not.
    """
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def literal_address(host: str) -> str | None:
    """``host`` when it is an IP literal (``10.0.0.1``, ``[::1]``), else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


@provider(IResolutionReceiver)
class _PublicOnly:
    """Passes on the resolved addresses that are public; remembers a refusal."""

    def __init__(self, receiver: IResolutionReceiver, resolver: GuardedResolver, host: str):
        # Any: zope interfaces read as classes to mypy, not as protocols.
        self.receiver: Any = receiver
        self.resolver = resolver
        self.host = host
        self.refused: str | None = None
        self.passed = 0

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        host = str(getattr(address, "host", ""))
        if is_public_address(host):
            self.passed += 1
            self.receiver.addressResolved(address)
        elif self.refused is None:
            self.refused = host

    def resolutionComplete(self) -> None:
        if self.refused is not None and not self.passed:
            self.resolver.refusals[self.host] = self.refused
        # With no address passed on, the connection fails with a DNS lookup error; the
        # network middleware turns it into the refusal that names the setting.
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver(CachingHostnameResolver):
    """Scrapy's caching resolver (IPv4 and IPv6), passing on public addresses only.

    Every resolution is checked, also those served from the DNS cache, so a name that
    resolved to a public address once and to a private one later is refused then. The host
    names refused are kept in :attr:`refusals` (bounded) for the message.

    Settings: ``NEWSCRAWL_ALLOW_PRIVATE_NETWORKS`` (true: nothing is refused),
    ``DNSCACHE_ENABLED``, ``DNSCACHE_SIZE``.
    """

    def __init__(self, reactor: ReactorBase, cache_size: int, *, allow_private: bool) -> None:
        super().__init__(reactor, cache_size)
        self.allow_private = allow_private
        self.refusals: LocalCache[str, str] = LocalCache(1000)

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache_size, allow_private=settings.getbool(ALLOW_SETTING))

    def install_on_reactor(self) -> None:
        # Resolvers of earlier crawls in this process are replaced, not wrapped.
        original = getattr(self.reactor.nameResolver, "original_resolver", None)
        if original is not None:
            self.original_resolver = original
        super().install_on_reactor()

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        receiver: Any = resolutionReceiver
        if not self.allow_private:
            receiver = _PublicOnly(resolutionReceiver, self, hostName)
        return super().resolveHostName(
            receiver, hostName, portNumber, addressTypes, transportSemantics
        )
