"""Demo site frame: the masthead's name in each language, a placeholder
hotline and e-mail address, and the "About us", "Privacy" and "Staying safe"
pages in Simplified Chinese, Traditional Chinese and English.

``tuidang_demo`` calls :func:`ensure_frame` once the wall, the news and their
translations exist. Idempotent: pages are found by slug, the settings by site.
"""

from django.conf import settings
from wagtail.models import Locale, Site

from wagtail_tuidang.pages.models import ArticleIndexPage, StatementIndexPage

from .models import SiteFrameName, SiteFrameSettings, StandardPage

#: language → (name, tagline) shown in the masthead.
NAMES = {
    "zh-hans": ("全球退党服务中心", "声明退出中国共产党、共青团、少先队"),
    "zh-hant": ("全球退黨服務中心", "聲明退出中國共產黨、共青團、少先隊"),
    "en": (
        "Global Service Center for Quitting the CCP",
        "Statements quitting the Chinese Communist Party, the Communist Youth "
        "League and the Young Pioneers",
    ),
}
#: Placeholders: a number no one answers, an address no one reads.
HOTLINE = "+1 555 0100 000"
EMAIL = "help@example.org"

#: slug → language → (title, introduction, body HTML).
PAGES = {
    "about": {
        "zh-hans": (
            "关于我们",
            "本中心为希望退出中共党、团、队组织的人发布声明，并记录退出的人数。",
            "<p>任何人都可以在本站用化名或真名发布退出中国共产党、共青团和少先队的"
            "声明，也可以请热线志愿者代为提交。每一份声明都由审核员阅读后才会公开，"
            "网站上的总人数只按已公开的声明计算。</p>"
            "<h2>我们做什么</h2><ul><li>接收网上、电话和街头服务点提交的声明；</li>"
            "<li>审核后公开声明，并为每份声明提供可以查询和撤回的回执码；</li>"
            "<li>发布有关退党的新闻、访谈和评论。</li></ul>"
            "<p>本站为演示网站，页面上的人名、数字和联系方式均为虚构。</p>",
        ),
        "zh-hant": (
            "關於我們",
            "本中心為希望退出中共黨、團、隊組織的人發佈聲明，並記錄退出的人數。",
            "<p>任何人都可以在本站用化名或真名發佈退出中國共產黨、共青團和少先隊的"
            "聲明，也可以請熱線志願者代為提交。每一份聲明都由審核員閱讀後才會公開，"
            "網站上的總人數只按已公開的聲明計算。</p>"
            "<h2>我們做甚麼</h2><ul><li>接收網上、電話和街頭服務點提交的聲明；</li>"
            "<li>審核後公開聲明，並為每份聲明提供可以查詢和撤回的回執碼；</li>"
            "<li>發佈有關退黨的新聞、訪談和評論。</li></ul>"
            "<p>本站為演示網站，頁面上的人名、數字和聯絡方式均為虛構。</p>",
        ),
        "en": (
            "About us",
            "We publish the statements of people who quit the Chinese Communist "
            "Party and its organisations, and keep count of them.",
            "<p>Anyone can publish a statement here quitting the Chinese "
            "Communist Party, the Communist Youth League and the Young "
            "Pioneers, under an alias or their real name, or ask a hotline "
            "volunteer to submit it for them. A moderator reads every statement "
            "before it is published, and the total counts published statements "
            "only.</p>"
            "<h2>What we do</h2><ul><li>We take statements online, by telephone "
            "and at street booths;</li><li>we publish them once reviewed, each "
            "with a receipt code to check or withdraw it;</li><li>we publish "
            "news, interviews and commentary about people who quit.</li></ul>"
            "<p>This is a demonstration site: its names, figures and contact "
            "details are invented.</p>",
        ),
    },
    "privacy": {
        "zh-hans": (
            "隐私",
            "我们保存什么、不保存什么，以及保存多久。",
            "<h2>我们不保存的</h2><ul><li>您的 IP 地址和浏览器信息：不写入数据库，"
            "也不写入日志；</li><li>任何第三方的统计、字体、脚本或社交插件：本站的"
            "每个文件都由本站提供，浏览本站不会向其他网站发出请求。</li></ul>"
            "<h2>我们保存的</h2><ul><li>您的声明：化名（或经您同意并经两位审核员确认"
            "的真名）、退出的组织、人数、地区和您写下的文字。公开后任何人都能看到；"
            "</li><li>联系方式（可不填）：加密保存，只有获授权的工作人员能查看，"
            "审核后一段时间即删除，从不公开；</li><li>回执码：用于查询或撤回声明，"
            "我们只保存无法还原的摘要。</li></ul>"
            "<h2>撤回</h2><p>用回执码可随时撤回已公开的声明，撤回后声明不再显示。</p>",
        ),
        "zh-hant": (
            "隱私",
            "我們保存甚麼、不保存甚麼，以及保存多久。",
            "<h2>我們不保存的</h2><ul><li>您的 IP 位址和瀏覽器資訊：不寫入資料庫，"
            "也不寫入日誌；</li><li>任何第三方的統計、字型、腳本或社交外掛：本站的"
            "每個檔案都由本站提供，瀏覽本站不會向其他網站發出請求。</li></ul>"
            "<h2>我們保存的</h2><ul><li>您的聲明：化名（或經您同意並經兩位審核員確認"
            "的真名）、退出的組織、人數、地區和您寫下的文字。公開後任何人都能看到；"
            "</li><li>聯絡方式（可不填）：加密保存，只有獲授權的工作人員能查看，"
            "審核後一段時間即刪除，從不公開；</li><li>回執碼：用於查詢或撤回聲明，"
            "我們只保存無法還原的摘要。</li></ul>"
            "<h2>撤回</h2><p>用回執碼可隨時撤回已公開的聲明，撤回後聲明不再顯示。</p>",
        ),
        "en": (
            "Privacy",
            "What we keep, what we never keep, and for how long.",
            "<h2>What we never keep</h2><ul><li>Your IP address and browser "
            "details: they are written neither to the database nor to any "
            "log;</li><li>anything from a third party: no analytics, fonts, "
            "scripts or social widgets. Every file comes from this site, and "
            "reading it makes no request to any other.</li></ul>"
            "<h2>What we keep</h2><ul><li>Your statement: your alias (or, with "
            "your consent and once two moderators confirmed it, your real "
            "name), the organisations you quit, the number of people, the "
            "region and your words. Once published, anyone can read them;</li>"
            "<li>contact details, if you give any: encrypted, readable only by "
            "authorised staff, deleted some time after review, never "
            "published;</li><li>your receipt code, to check or withdraw your "
            "statement: we keep only a digest it cannot be recovered from.</li>"
            "</ul><h2>Withdrawing</h2><p>With your receipt code you can "
            "withdraw a published statement at any time; it is then no longer "
            "shown.</p>",
        ),
    },
    "safety": {
        "zh-hans": (
            "安全上网",
            "在中国大陆访问本站和发布声明时，如何保护自己。",
            "<h2>翻墙访问</h2><p>请使用可靠的 VPN 或 Tor 浏览器访问本站。不要使用"
            "来历不明的免费翻墙软件，也不要在国内的应用商店下载翻墙工具。本站不使用"
            "任何第三方服务，Tor 用户也可以正常浏览和提交。</p>"
            "<h2>共用的电脑和手机</h2><ul><li>在别人也用的设备上，请使用浏览器的"
            "无痕（隐私）模式，用完后关闭所有窗口；</li><li>每页顶端都有“离开本页”"
            "按钮，连按两次 Esc 键也会立即离开，并且不会留在后退记录里；</li>"
            "<li>回执码只显示一次：请抄在纸上或记住，不要截图保存在手机相册里。"
            "</li></ul><h2>化名</h2><p>不必用真名。可以用化名，例如“明白人”或"
            "“求真学子”；不要写会暴露身份的细节，例如单位、学校或住址。</p>",
        ),
        "zh-hant": (
            "安全上網",
            "在中國大陸瀏覽本站和發佈聲明時，如何保護自己。",
            "<h2>翻牆瀏覽</h2><p>請使用可靠的 VPN 或 Tor 瀏覽器瀏覽本站。不要使用"
            "來歷不明的免費翻牆軟體，也不要在國內的應用商店下載翻牆工具。本站不使用"
            "任何第三方服務，Tor 使用者也可以正常瀏覽和提交。</p>"
            "<h2>共用的電腦和手機</h2><ul><li>在別人也用的裝置上，請使用瀏覽器的"
            "無痕（隱私）模式，用完後關閉所有視窗；</li><li>每頁頂端都有「離開本頁」"
            "按鈕，連按兩次 Esc 鍵也會立即離開，並且不會留在上一頁記錄裡；</li>"
            "<li>回執碼只顯示一次：請抄在紙上或記住，不要截圖保存在手機相簿裡。"
            "</li></ul><h2>化名</h2><p>不必用真名。可以用化名，例如「明白人」或"
            "「求真學子」；不要寫會暴露身分的細節，例如單位、學校或住址。</p>",
        ),
        "en": (
            "Staying safe",
            "How to protect yourself when you read this site or publish a "
            "statement from mainland China.",
            "<h2>Getting here</h2><p>Use a trustworthy VPN or the Tor Browser. "
            "Avoid free circumvention apps of unknown origin, and do not "
            "download them from app stores inside China. This site uses no "
            "third-party service, so it works over Tor too.</p>"
            "<h2>Shared computers and phones</h2><ul><li>On a device others "
            "use, open a private (incognito) window, and close every window "
            "when you are done;</li><li>every page has a “Leave this page” "
            "button at the top; pressing Esc twice leaves too, without "
            "leaving this site in the back history;</li><li>your receipt code "
            "is shown once: write it on paper or remember it, rather than "
            "keeping a screenshot in your phone's photos.</li></ul>"
            "<h2>Aliases</h2><p>You need not give your real name. Choose an "
            "alias, and leave out details that could identify you, such as "
            "your workplace, school or address.</p>",
        ),
    },
}


def ensure_frame(home):
    """The masthead and footer settings and the text pages (once)."""
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        return
    pages = {slug: ensure_page(home, slug) for slug in PAGES}
    frame, created = SiteFrameSettings.objects.get_or_create(site=site)
    if not created:
        return
    frame.hotline, frame.email = HOTLINE, EMAIL
    frame.statements_page = StatementIndexPage.objects.child_of(home).first()
    frame.news_page = ArticleIndexPage.objects.child_of(home).first()
    frame.about_page = pages["about"]
    frame.privacy_page = pages["privacy"]
    frame.safety_page = pages["safety"]
    frame.save()
    for order, (language, _label) in enumerate(settings.LANGUAGES):
        name, tagline = NAMES.get(language, NAMES["en"])
        SiteFrameName.objects.create(
            frame=frame, sort_order=order, language=language, name=name, tagline=tagline
        )


def ensure_page(home, slug):
    """The text page ``slug`` below the home page, in the home page's
    language, and its translations in every other content language."""
    texts = PAGES[slug]
    page = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        title, intro, body = texts[home.locale.language_code]
        page = home.add_child(
            instance=StandardPage(title=title, slug=slug, intro=intro, body=body)
        )
        page.save_revision().publish()
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            if code != home.locale.language_code and code in texts:
                translate(page, code, texts[code])
    return page


def translate(page, code, texts):
    locale, _created = Locale.objects.get_or_create(language_code=code)
    if page.get_translations().filter(locale=locale).exists():
        return
    translation = page.copy_for_translation(locale).specific
    translation.title, translation.intro, translation.body = texts
    translation.save_revision().publish()
