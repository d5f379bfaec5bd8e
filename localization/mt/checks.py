"""The one place where machine translation output is checked before it is written.

`check_output` gets every reply of a batch, and decides per segment: a reply that fails a
check is rejected for that segment (it stays untranslated, and the job says so); the others
are written. Today it checks the inline codes with the XLIFF import's own rule
(`localization.xliff.codes.check_target_codes`: no code dropped, invented, duplicated or
changed in shape) plus balanced tags, and refuses an empty reply; then the translation QA
checks (localization.qa.checks: numbers, phone numbers, e-mail addresses, URLs, dates and the
glossary's do-not-translate terms): a blocking finding rejects the reply for that segment.
The city's glossary is read once per batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from localization.qa.checks import check_segment
from localization.qa.findings import terms_for
from localization.xliff.codes import (
    VOID_TAGS,
    CodeRef,
    InlineCodeError,
    Paired,
    PairedRef,
    Standalone,
    StandaloneRef,
    check_target_codes,
    is_blank,
    parse_segment_html,
)


@dataclass(frozen=True)
class Rejection:
    source_html: str
    reply: str
    reason: str


def check_output(
    replies: dict[str, str], *, city=None, source_language: str = "", target_language: str = ""
) -> tuple[dict[str, str], list[Rejection]]:
    """({source html: accepted reply}, [Rejection]) for {source html: reply}."""
    accepted, rejected = {}, []
    terms = terms_for(getattr(city, "pk", None), source_language, target_language)
    for source_html, reply in replies.items():
        reason = _problem(source_html, reply, source_language, target_language, terms)
        if reason is None:
            accepted[source_html] = reply
        else:
            rejected.append(Rejection(source_html, reply, reason))
    return accepted, rejected


def _problem(source_html, reply, source_language, target_language, terms):
    """Why `reply` cannot stand for `source_html`, or None."""
    if reply is None or is_blank(parse_segment_html(reply).nodes):
        return _("the reply is empty")
    unbalanced = _unbalanced(reply)
    if unbalanced:
        return unbalanced
    source = parse_segment_html(source_html)
    try:
        check_target_codes(source, _as_refs(parse_segment_html(reply).nodes), "mt")
    except InlineCodeError as error:
        return str(error).removeprefix("Unit mt: ")
    blocking = [
        finding
        for finding in check_segment(
            source_html,
            reply,
            source_language=source_language,
            target_language=target_language,
            terms=terms,
        )
        if finding.blocking
    ]
    return "; ".join(str(finding.message) for finding in blocking) or None


def _as_refs(nodes):
    """A parsed reply as the tree a reader builds: codes known by id and shape only."""
    refs = []
    for node in nodes:
        if isinstance(node, Standalone):
            refs.append(StandaloneRef(CodeRef(node.code.id, True)))
        elif isinstance(node, Paired):
            refs.append(PairedRef(CodeRef(node.code.id, False), _as_refs(node.children)))
        else:
            refs.append(node)
    return refs


class _TagBalance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.fault = [], None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or self.fault:
            return
        if not self.stack or self.stack[-1] != tag:
            self.fault = _("the reply closes <%(tag)s> where it is not open") % {"tag": tag}
        else:
            self.stack.pop()


def _unbalanced(reply):
    parser = _TagBalance()
    parser.feed(reply)
    parser.close()
    if parser.fault:
        return parser.fault
    if parser.stack:
        return _("the reply leaves <%(tag)s> open") % {"tag": parser.stack[-1]}
    return None
