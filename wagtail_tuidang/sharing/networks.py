"""The registry of share networks: each one builds a plain link, nothing more.

A site adds its own network, or replaces a built-in one by reusing its key, in
either of two ways (both documented in docs/reference/sharing.md)::

    from wagtail_tuidang.sharing.networks import register_network, share_query

    @register_network("vk", label="VK", icon="M0 0h24v24H0Z")
    def vk(url, title, options):
        return "https://vk.com/share.php?" + share_query(url=url, title=title)

or, from a ``wagtail_hooks.py``, with the package-defined hook::

    @hooks.register("register_tuidang_share_networks")
    def register_networks():
        return [ShareNetwork("vk", "VK", vk_url, icon="M0 0h24v24H0Z")]

Google+ closed in 2019 and has no entry: a site migrating from an old share bar
simply drops it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import icons

HOOK_NAME = "register_tuidang_share_networks"

#: Keys shown, in this order, until a site chooses its own. WeChat first: it
#: is where the plugin's readers share links most.
DEFAULT_NETWORKS = (
    "wechat",
    "facebook",
    "x",
    "telegram",
    "whatsapp",
    "weibo",
    "line",
    "email",
)


@dataclass(frozen=True)
class ShareOptions:
    """Per-site details a URL builder may use (from ``ShareSettings``)."""

    x_handle: str = ""
    hashtags: tuple[str, ...] = ()
    mastodon_instance: str = ""


@dataclass(frozen=True)
class ShareNetwork:
    """One share target: a key, a label, a URL builder and an icon.

    ``build_url(url, title, options)`` returns the link to share ``url`` titled
    ``title``, or ``""`` when it cannot (the button is then left out).
    ``icon`` is SVG path data for a 24×24 view box. A network with ``qr=True``
    (WeChat) is shared by scanning: the bar shows a QR code of what
    ``build_url`` returns, drawn on the server, behind a button that opens it
    without JavaScript.
    """

    key: str
    label: str
    build_url: Callable[[str, str, ShareOptions], str]
    icon: str = icons.SHARE
    #: False for links handled by a local program (``mailto:``).
    new_tab: bool = True
    #: The button's accessible name; by default "Share on <label>".
    action_label: str = field(default="", compare=False)
    #: True: shown as a QR code of the built URL, not as a link.
    qr: bool = False

    def share_url(self, url, title, options=None):
        """Return the share link for ``url`` and ``title``, or ``""``."""
        return self.build_url(url, title, options or ShareOptions())

    @property
    def accessible_name(self):
        """What a screen reader announces, in the active language."""
        if self.action_label:
            return str(self.action_label)
        return gettext("Share on %(network)s") % {"network": self.label}


def share_query(**params):
    """Encode ``params`` as a query string, leaving out empty values.

    Every reserved character is percent-encoded (spaces as ``%20``, never
    ``+``, which ``mailto:`` readers would show literally).
    """
    kept = {name: value for name, value in params.items() if value}
    return urlencode(kept, quote_via=quote, safe="")


def _facebook(url, title, options):
    return "https://www.facebook.com/sharer/sharer.php?" + share_query(u=url)


def _x(url, title, options):
    query = share_query(
        text=title,
        url=url,
        via=options.x_handle,
        hashtags=",".join(options.hashtags),
    )
    return "https://x.com/intent/tweet?" + query


def _linkedin(url, title, options):
    return "https://www.linkedin.com/sharing/share-offsite/?" + share_query(url=url)


def _telegram(url, title, options):
    return "https://t.me/share/url?" + share_query(url=url, text=title)


def _whatsapp(url, title, options):
    return "https://wa.me/?" + share_query(text=f"{title} {url}")


def _weibo(url, title, options):
    query = share_query(url=url, title=title)
    return "https://service.weibo.com/share/share.php?" + query


def _line(url, title, options):
    return "https://social-plugins.line.me/lineit/share?" + share_query(url=url)


def _mastodon(url, title, options):
    # Mastodon has no central host: the site names the server its readers
    # (and its own account) use; without one the button is left out.
    if not options.mastodon_instance:
        return ""
    query = share_query(text=f"{title} {url}")
    return f"https://{options.mastodon_instance}/share?{query}"


def _reddit(url, title, options):
    return "https://www.reddit.com/submit?" + share_query(url=url, title=title)


def _wechat(url, title, options):
    # WeChat has no share URL that works outside its own app: a reader scans
    # a QR code of the page with it. The code holds the page's URL itself.
    return url


def _email(url, title, options):
    return "mailto:?" + share_query(subject=title, body=url)


BUILT_IN = (
    ShareNetwork("wechat", _("WeChat"), _wechat, icons.WECHAT, qr=True),
    ShareNetwork("facebook", _("Facebook"), _facebook, icons.FACEBOOK),
    ShareNetwork("x", _("X"), _x, icons.X),
    ShareNetwork("linkedin", _("LinkedIn"), _linkedin, icons.LINKEDIN),
    ShareNetwork("telegram", _("Telegram"), _telegram, icons.TELEGRAM),
    ShareNetwork("whatsapp", _("WhatsApp"), _whatsapp, icons.WHATSAPP),
    ShareNetwork("weibo", _("Weibo"), _weibo, icons.WEIBO),
    ShareNetwork("line", _("LINE"), _line, icons.LINE),
    ShareNetwork("mastodon", _("Mastodon"), _mastodon, icons.MASTODON),
    ShareNetwork("reddit", _("Reddit"), _reddit, icons.REDDIT),
    ShareNetwork(
        "email",
        _("Email"),
        _email,
        icons.EMAIL,
        new_tab=False,
        action_label=_("Share by email"),
    ),
)

_registered = {}


def register_network(
    key, *, label, icon=icons.SHARE, new_tab=True, action_label="", qr=False
):
    """Decorator registering ``build_url(url, title, options)`` as a network.

    Reusing a built-in key replaces that network; ``qr=True`` shows a QR code
    of the built URL instead of a link.
    """

    def decorator(build_url):
        _registered[key] = ShareNetwork(
            key,
            label,
            build_url,
            icon,
            new_tab=new_tab,
            action_label=action_label,
            qr=qr,
        )
        return build_url

    return decorator


def get_networks():
    """Return every known network by key: built-in, decorated, then hooked.

    Hooks are asked on each call (it is cheap) so that a hook registered late,
    or temporarily in a test, is seen.
    """
    networks = {network.key: network for network in BUILT_IN}
    networks.update(_registered)
    for hook in hooks.get_hooks(HOOK_NAME):
        networks.update((network.key, network) for network in hook())
    return networks


def network_choices():
    """Choices for the settings form: every known network, by label."""
    return [(key, network.label) for key, network in get_networks().items()]
