"""The static mirror: the public site written out as files that open from a
folder (``tuidang_mirror_export``), for publishing where the site's own
hosts are blocked.

Pages are rendered by the site itself, through Django's test client against
the real URLconf, with :data:`ENVIRON_KEY` in the request's environ. A page
template can read ``tuidang_mirror`` (the main site's URL, or ``None`` on the
live site) to leave out what a folder of files cannot do, such as a form.
"""

#: WSGI environ key marking a request made by the mirror export. Not an
#: ``HTTP_*`` key, so no visitor's header can set it.
ENVIRON_KEY = "wagtail_tuidang.mirror"
#: WSGI environ key holding the mirror's public URL during an export: what
#: readers of the mirror share (share links, the WeChat code, ``og:url``).
PUBLIC_ENVIRON_KEY = "wagtail_tuidang.mirror.public"


def mirror_of(request):
    """The main site's URL when ``request`` renders a page for the static
    mirror, else ``None``."""
    if request is None:
        return None
    return request.META.get(ENVIRON_KEY) or None


def mirror_public_url(request):
    """The public URL of the mirror ``request`` renders a page for (without a
    trailing slash), else ``None``."""
    if request is None:
        return None
    return request.META.get(PUBLIC_ENVIRON_KEY) or None
