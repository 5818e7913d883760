"""The demo's words, in each of its three languages.

The example site is one site in three page trees: Simplified Chinese (the
original), Traditional Chinese and English. Each tree has its own titles,
introductions, stories, articles, tags, authors and captions, written for
its readers rather than machine-converted; the statements on the wall are
shared (they are shown as their authors wrote them). Every person, outlet
and quotation is invented.
"""

#: The demo's languages, the original first.
LANGUAGES = ("zh-hans", "zh-hant", "en")
ORIGINAL = LANGUAGES[0]

HOME = {
    "zh-hans": {
        "title": "退党服务中心",
        "intro": "<p>在这里声明退出中国共产党、共青团和少先队。可以用化名，"
        "每一份声明都由志愿者审核后才公开。</p>",
        "counter": "退党人数",
        "latest": "最新声明",
        "form": "发表声明",
    },
    "zh-hant": {
        "title": "退黨服務中心",
        "intro": "<p>在這裡聲明退出中國共產黨、共青團和少先隊。可以用化名，"
        "每一份聲明都由志願者審核後才公開。</p>",
        "counter": "退黨人數",
        "latest": "最新聲明",
        "form": "發表聲明",
    },
    "en": {
        "title": "Tuidang Service Center",
        "intro": "<p>Declare here that you quit the Chinese Communist Party, "
        "the Communist Youth League or the Young Pioneers. An alias is "
        "enough, and volunteers read every statement before it is "
        "published.</p>",
        "counter": "People who have quit",
        "latest": "Latest statements",
        "form": "Publish a statement",
    },
}

WALL = {
    "zh-hans": {
        "title": "退党声明",
        "intro": "<p>这是演示数据：以下声明、人数和基数均为虚构，仅用于展示本网站"
        "的功能。每一份声明都按作者的原文显示。</p>",
        "wording": "本人郑重声明：退出曾经加入的中共党、团、队组织，"
        "抹去兽印，不做中共的陪葬品。",
    },
    "zh-hant": {
        "title": "退黨聲明",
        "intro": "<p>這是演示數據：以下聲明、人數和基數均為虛構，僅用於展示本網站"
        "的功能。每一份聲明都按作者的原文顯示。</p>",
        "wording": "本人鄭重聲明：退出曾經加入的中共黨、團、隊組織，"
        "抹去獸印，不做中共的陪葬品。",
    },
    "en": {
        "title": "Statements",
        "intro": "<p>Demo data: the statements, figures and baseline below are "
        "invented, to show what the site does. Each statement is shown as "
        "its author wrote it, most of them in Chinese.</p>",
        "wording": "I solemnly declare that I quit the Chinese Communist Party "
        "and every organisation of it that I once joined.",
    },
}

NEWS = {
    "zh-hans": {
        "title": "新闻",
        "intro": "<p>关于退出中共及其组织的报道、访谈和评论。本栏目为演示内容，"
        "人物与媒体均为虚构。</p>",
    },
    "zh-hant": {
        "title": "新聞",
        "intro": "<p>關於退出中共及其組織的報導、訪談和評論。本欄目為演示內容，"
        "人物與媒體均為虛構。</p>",
    },
    "en": {
        "title": "News",
        "intro": "<p>Reports, interviews and commentary about people quitting "
        "the Chinese Communist Party and its organisations. Demo content: "
        "the people and outlets are invented.</p>",
    },
}

#: The featured statement pages: slug, display name (as the person chose
#: it, the same in every language), people, (party, league, pioneers), and
#: per language the title and the story's paragraphs (the last is the
#: statement's own words, in the original).
STORIES = (
    {
        "slug": "story-of-a-teacher",
        "name": "明心",
        "people": 1,
        "orgs": (True, True, True),
        "zh-hans": (
            "一位教师的声明",
            (
                "我在中学教了二十年书，入党是为了评职称。",
                "今天我声明退出中国共产党，也退出学生时代加入的共青团和少先队。"
                "我想对学生说真话。",
            ),
        ),
        "zh-hant": (
            "一位教師的聲明",
            (
                "我在中學教了二十年書，入黨是為了評職稱。",
                "今天我聲明退出中國共產黨，也退出學生時代加入的共青團和少先隊。"
                "我想對學生說真話。",
            ),
        ),
        "en": (
            "A teacher's statement",
            (
                "I taught at a secondary school for twenty years. I joined "
                "the Party to be promoted.",
                "Today I declare that I quit the Chinese Communist Party, and "
                "the Youth League and Young Pioneers I joined as a pupil. I "
                "want to tell my students the truth.",
            ),
        ),
    },
    {
        "slug": "story-of-a-family",
        "name": "李氏一家",
        "people": 4,
        "orgs": (True, True, True),
        "zh-hans": (
            "一家四口一起退出",
            (
                "过年时我们一家人坐下来，第一次把这些年不敢说的话说了出来。",
                "父母退党，我和妹妹退团退队。我们一起声明，也一起承担。",
            ),
        ),
        "zh-hant": (
            "一家四口一起退出",
            (
                "過年時我們一家人坐下來，第一次把這些年不敢說的話說了出來。",
                "父母退黨，我和妹妹退團退隊。我們一起聲明，也一起承擔。",
            ),
        ),
        "en": (
            "A family of four quits together",
            (
                "At New Year our family sat down and, for the first time, "
                "said what we had not dared to say for years.",
                "Our parents quit the Party; my sister and I quit the League "
                "and the Pioneers. We declare it together, and we carry it "
                "together.",
            ),
        ),
    },
    {
        "slug": "story-of-a-student",
        "name": "求真学子",
        "people": 1,
        "orgs": (False, True, True),
        "zh-hans": (
            "留学生的声明",
            (
                "出国以后我才读到那些在国内读不到的历史。",
                "我声明退出共青团和少先队。愿更多同学看清真相。",
            ),
        ),
        "zh-hant": (
            "留學生的聲明",
            (
                "出國以後我才讀到那些在國內讀不到的歷史。",
                "我聲明退出共青團和少先隊。願更多同學看清真相。",
            ),
        ),
        "en": (
            "A student abroad declares",
            (
                "Only after I went abroad did I read the history I could not "
                "read at home.",
                "I declare that I quit the Youth League and the Young "
                "Pioneers. May more of my classmates see the truth.",
            ),
        ),
    },
)

#: The credit of every generated picture.
CREDIT = {
    "zh-hans": "示意图，本站生成",
    "zh-hant": "示意圖，本站生成",
    "en": "Illustration generated for this site",
}

#: key → language → (name, short bio)
AUTHORS = {
    "lin": {
        "zh-hans": ("林蔚", "驻纽约记者，报道海外华人社区。"),
        "zh-hant": ("林蔚", "駐紐約記者，報導海外華人社區。"),
        "en": ("Lin Wei", "Reports on the Chinese diaspora from New York."),
    },
    "zhang": {
        "zh-hans": ("张慧", "关注海外华人社区与人权议题的记者。"),
        "zh-hant": ("張慧", "關注海外華人社區與人權議題的記者。"),
        "en": (
            "Zhang Hui",
            "Writes about human rights and Chinese communities abroad.",
        ),
    },
    "chen": {
        "zh-hans": ("陈美玲", "常驻台北，报道台湾与香港。"),
        "zh-hant": ("陳美玲", "常駐台北，報導台灣與香港。"),
        "en": ("Chen Meiling", "Covers Taiwan and Hong Kong from Taipei."),
    },
    "wang": {
        "zh-hans": ("王晓明", "热线志愿者，记录来电者的故事。"),
        "zh-hant": ("王曉明", "熱線志願者，記錄來電者的故事。"),
        "en": (
            "Wang Xiaoming",
            "A hotline volunteer who writes down callers' stories.",
        ),
    },
}

#: key → language → (slug, name)
CATEGORIES = {
    "reports": {
        "zh-hans": ("报道", "报道"),
        "zh-hant": ("報導", "報導"),
        "en": ("reports", "Reports"),
    },
    "interviews": {
        "zh-hans": ("访谈", "访谈"),
        "zh-hant": ("訪談", "訪談"),
        "en": ("interviews", "Interviews"),
    },
    "commentary": {
        "zh-hans": ("评论", "评论"),
        "zh-hant": ("評論", "評論"),
        "en": ("commentary", "Commentary"),
    },
    "events": {
        "zh-hans": ("活动", "活动"),
        "zh-hant": ("活動", "活動"),
        "en": ("events", "Events"),
    },
}

#: The invented outlets an article may be republished from.
PUBLICATIONS = {
    "herald": {
        "zh-hans": "太平洋华人周报",
        "zh-hant": "太平洋華人週報",
        "en": "Pacific Chinese Herald",
    },
    "harbour": {
        "zh-hans": "港湾日报",
        "zh-hant": "港灣日報",
        "en": "Harbour Post",
    },
}
