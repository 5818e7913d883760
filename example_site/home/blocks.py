from wagtail import blocks


class HomeStreamBlock(blocks.StreamBlock):
    """Blocks an editor may place on the home page."""

    heading = blocks.CharBlock(form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
