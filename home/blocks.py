from wagtail import blocks


class SectionBlock(blocks.StructBlock):
    """A numbered section of a report: "1. Purpose" with paragraphs 1.1, 1.2…"""

    heading = blocks.CharBlock(max_length=200)
    paragraphs = blocks.ListBlock(
        blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"]),
        help_text="Each paragraph is numbered within its section (1.1, 1.2…).",
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/section_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=200, form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(icon="pilcrow")

    class Meta:
        template = "blocks/body_block.html"
