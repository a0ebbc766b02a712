"""After a missed delivery, the carrier's way in the shopper's words: what happens to the
parcel, what to take along, how long it is kept, and the link to act on it."""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import LazyString, gettext, ngettext

from portal.model import NextStep
from portal.web.i18n import lazy_gettext as _l
from portal.web.i18n import locale_code

# Practice -> (what happens, the label of the carrier's page for it).
PRACTICE = {
    "request_redelivery": (
        _l("The carrier keeps your parcel until you ask for it again. Request a redelivery "
           "with the tracking number or the notice left at your door."),
        _l("Request a redelivery")),
    "collect_at_pickup_point": (
        _l("The carrier takes your parcel to a pickup point; its message (often a text "
           "message) or the tracking page says which one."),
        _l("Find your pickup point")),
    "collect_with_notice": (
        _l("The carrier left a notice (aviso) naming the office or pickup point that holds "
           "your parcel. Collect it there."),
        _l("Arrange delivery or collection")),
}
BRING = {"pickup_code": _l("the pickup code from the carrier's message"),
         "id": _l("your ID"), "notice": _l("the notice")}


@dataclass(frozen=True)
class Advice:
    """Ready-to-show sentences and the carrier's link, if any."""

    sentences: tuple[str, ...]
    link: str | None
    link_label: LazyString


def advice(step: NextStep | None) -> Advice | None:
    """The words for a carrier's next step; None when the practice is not one we know."""
    words = PRACTICE.get(step.practice) if step else None
    if step is None or words is None:
        return None
    sentences = [str(words[0])]
    things = [str(BRING[item]) for item in step.bring if item in BRING]
    if things:
        sentences.append(gettext("Take %(things)s.",
                                 things=format_list(things, locale=locale_code())))
    if step.holding_days:
        sentences.append(ngettext("It is kept for %(num)s day, then goes back to the store.",
                                  "It is kept for %(num)s days, then goes back to the store.",
                                  step.holding_days))
    return Advice(tuple(sentences), step.url, words[1])
