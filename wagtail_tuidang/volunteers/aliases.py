"""Plausible Chinese aliases for callers who have none in mind.

An alias is a common surname followed by one or two given-name characters.
The aliases handed out in one volunteer's batch (their admin session) are
remembered so that two callers of the same batch never share one.
"""

import secrets

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红文辉力"
    "斌宇浩凯鹏飞晨阳欣怡佳琳婷雪梅慧丹宁安康和春秋松柏林海波清远德仁义信"
)
SESSION_KEY = "wagtail_tuidang:volunteer_aliases"
#: Aliases remembered per batch; older ones may come round again.
BATCH_MEMORY = 1000
#: Attempts before giving up on avoiding the batch (never reached in practice:
#: there are over 300,000 combinations).
MAX_ATTEMPTS = 100


def random_alias():
    """One surname and one or two given-name characters."""
    given = "".join(secrets.choice(GIVEN) for _ in range(1 + secrets.randbelow(2)))
    return secrets.choice(SURNAMES) + given


def new_alias(used=()):
    """A random alias not in ``used``."""
    used = set(used)
    for _ in range(MAX_ATTEMPTS):
        alias = random_alias()
        if alias not in used:
            return alias
    raise RuntimeError("No unused alias found.")


def alias_for_session(session):
    """A new alias for this volunteer's batch, remembered in ``session``."""
    used = list(session.get(SESSION_KEY, []))
    alias = new_alias(used)
    session[SESSION_KEY] = [*used, alias][-BATCH_MEMORY:]
    return alias
