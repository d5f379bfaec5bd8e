from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from guides.contacts.blocks import ContactChooserBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ol", "ul"]
# A city's emergency box: short lines and lists of numbers, no headings of its own.
EMERGENCY_FEATURES = ["bold", "italic", "link", "ul"]


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("URL"))

    class Meta:
        icon = "link"
        label = _("Link")


class InfoBoxBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Info")), ("warning", _("Warning"))], default="info", label=_("Kind")
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "help"
        label = _("Info box")
        template = "guides/blocks/info_box.html"


class GuideBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        template="guides/blocks/heading.html",
        label=_("Heading"),
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageBlock(template="guides/blocks/image.html", label=_("Image"))
    link_list = blocks.ListBlock(
        LinkBlock(), icon="list-ul", template="guides/blocks/link_list.html", label=_("Link list")
    )
    info_box = InfoBoxBlock()
    contact = ContactChooserBlock()
