"""How to reach an offer: its own phone, e-mail, website and address, else its provider's.

One rule for every place that shows an offer (search cards, chat cards, lists, the
detail page): a value the offer does not record is taken from the institution that
offers it and marked as such ("über den Träger").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

# (kind, German label, field on the offer, field on the institution)
CHANNELS = (("phone", "Telefon", "phone", "phone"),
            ("email", "E-Mail", "email", "email"),
            ("website", "Internet", "url", "website"))


@dataclass(frozen=True)
class Channel:
    kind: str
    label: str
    value: str
    via_provider: bool

    @property
    def href(self) -> str:
        if self.kind == "phone":
            return "tel:" + "".join(c for c in self.value if c.isdigit() or c == "+")
        if self.kind == "email":
            return "mailto:" + self.value
        return self.value


@dataclass(frozen=True)
class Contact:
    channels: tuple[Channel, ...]
    address: str | None
    address_via_provider: bool

    @property
    def known(self) -> bool:
        return bool(self.channels or self.address)


def _address(record: dict[str, Any]) -> str | None:
    street = record.get("street")
    if not street:
        return None
    postal = record.get("postal_code")
    return f"{street}, {postal} {record.get('city') or 'Oberhausen'}" if postal else street


def offer_contact(offer: dict[str, Any], institution: dict[str, Any] | None = None) -> Contact:
    """The offer's contact, its provider's where the offer has none.

    `institution` defaults to the summary's `provider_contact` (search and list reads
    carry it); the detail page passes the full institution record.
    """
    provider = institution or offer.get("provider_contact") or {}
    channels = []
    for kind, label, own_field, provider_field in CHANNELS:
        if offer.get(own_field):
            channels.append(Channel(kind, label, offer[own_field], via_provider=False))
        elif provider.get(provider_field):
            channels.append(Channel(kind, label, provider[provider_field], via_provider=True))
    own_address = _address(offer)
    address = own_address or _address(provider)
    return Contact(tuple(channels), address, address_via_provider=own_address is None
                   and address is not None)


def init_app(app: Flask) -> None:
    app.add_template_global(offer_contact, "offer_contact")
