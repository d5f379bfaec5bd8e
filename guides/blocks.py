from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from guides.contacts.blocks import ContactChooserBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ol", "ul"]
# A city's emergency box: short lines and lists of numbers, no headings of its own.
EMERGENCY_FEATURES = ["bold", "italic", "link", "ul"]


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"


class InfoBoxBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=[("info", "Info"), ("warning", "Warning")], default="info")
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "guides/blocks/info_box.html"


class GuideBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="guides/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    image = ImageBlock(template="guides/blocks/image.html")
    link_list = blocks.ListBlock(
        LinkBlock(), icon="list-ul", template="guides/blocks/link_list.html"
    )
    info_box = InfoBoxBlock()
    contact = ContactChooserBlock()
