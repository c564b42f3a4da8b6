from wagtail import blocks


class SectionBlock(blocks.StructBlock):
    """A numbered section of a report: "1. Purpose" with paragraphs 1.1, 1.2…

    Sections are numbered in order unless `number` gives the number as printed, so an
    imported report keeps its own numbering (and its cross-references stay right) even
    where a section became a field of its own, such as the recommendations."""

    number = blocks.CharBlock(
        max_length=10,
        required=False,
        help_text="As printed, e.g. 3. Leave empty to number sections in order.",
    )
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
