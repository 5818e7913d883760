"""The demo news articles, each written in Simplified Chinese, Traditional
Chinese and English (the same story told to each tree's readers).

Per article: its slug (the same in every language), how many days ago it
appeared, the scene of its generated picture, its authors and categories
(keys of :mod:`home.demo_texts`), the outlet it is republished from (or
None), the slugs of the editor's recommended picks, and per language its
title, summary, tags, picture caption and body. A body entry is a paragraph,
or ``("heading", text)``, ``("quote", text, attribution)``,
``("image", caption)`` (a second generated picture) or ``("counter",)`` (the
wall's counter). The summary is the standfirst: the body never repeats it.
"""

FEATURED = "volunteers-help-callers-quit-the-party"

ARTICLES = (
    {
        "slug": FEATURED,
        "days_ago": 0,
        "scene": "booth",
        "authors": ("lin", "zhang"),
        "categories": ("reports",),
        "source": ("herald", 3),
        "picks": ("hotline-night-shift", "why-aliases", "family-statement"),
        "zh-hans": {
            "title": "“我不想再留在他们的名单上”：志愿者帮助来电者退党",
            "summary": "在热线电话旁，在法拉盛的街头摊位前，志愿者为国内的来电者"
            "记下退出中共、共青团和少先队的声明，大多数人用的是化名。",
            "tags": ("三退", "志愿者", "热线", "亲历"),
            "caption": "晚上九点的法拉盛街头，志愿者仍守在三退摊位前。",
            "body": (
                "折叠桌上的电话在晚上九点过后响起，那是山东的早晨。来电者起初"
                "不肯说名字，只问这样通话安不安全，国内会不会有人看到他说的话。",
                "接电话的志愿者是一位退休会计，已经在这条热线上值了六年班。她"
                "解释说：可以只用化名，电话号码不会公开，每一份声明都会先由审核"
                "员读过才出现在网站上。停顿片刻之后，来电者口述了两句话：他十四"
                "岁入团，因为全班都入了；他不想再留在他们的名单上。",
                "这样的声明来自电话，来自超市和地铁站门口的摊位，也来自国内读者"
                "翻墙访问的网站。组织者说，自二〇〇四年开始统计以来，声明退出中"
                "共及其附属组织的人数已超过四亿五千万。这个数字无法独立核实，但"
                "多年来一直在稳步增长。",
                ("quote", "大多数人第一次打来时都压低声音。到挂电话的时候，他们已经"
                 "能正常说话了。我听的就是这个变化。", "法拉盛的一位热线志愿者"),
                "对许多来电者来说，这个决定与其说是政治的，不如说是个人的。志愿"
                "者讲到，有的父母在亲人被拘押之后替全家声明，有的教师当年为了评"
                "职称入党，还有学生说自己在识字之前就被编入了少先队。",
                ("heading", "隐私第一"),
                "组织者最先谈到的是隐私。网站不从谷歌或脸书加载任何内容，因为这些"
                "请求在国内会被屏蔽，也会暴露谁在阅读。联系方式可以不填；填了也"
                "会加密保存，审核之后删除。",
                ("image", "志愿者在摊位上核对当天收到的声明。"),
                "回到摊位，志愿者把声明念给来电者听。他只要求改一处：要写明他也"
                "退出了少先队。然后他道了谢，挂断了电话。",
                ("counter",),
            ),
        },
        "zh-hant": {
            "title": "「我不想再留在他們的名單上」：志願者幫助來電者退黨",
            "summary": "在熱線電話旁，在法拉盛的街頭攤位前，志願者為國內的來電者"
            "記下退出中共、共青團和少先隊的聲明，大多數人用的是化名。",
            "tags": ("三退", "志願者", "熱線", "親歷"),
            "caption": "晚上九點的法拉盛街頭，志願者仍守在三退攤位前。",
            "body": (
                "摺疊桌上的電話在晚上九點過後響起，那是山東的早晨。來電者起初"
                "不肯說名字，只問這樣通話安不安全，國內會不會有人看到他說的話。",
                "接電話的志願者是一位退休會計，已經在這條熱線上值了六年班。她"
                "解釋說：可以只用化名，電話號碼不會公開，每一份聲明都會先由審核"
                "員讀過才出現在網站上。停頓片刻之後，來電者口述了兩句話：他十四"
                "歲入團，因為全班都入了；他不想再留在他們的名單上。",
                "這樣的聲明來自電話，來自超市和地鐵站門口的攤位，也來自國內讀者"
                "翻牆訪問的網站。組織者說，自二〇〇四年開始統計以來，聲明退出中"
                "共及其附屬組織的人數已超過四億五千萬。這個數字無法獨立核實，但"
                "多年來一直在穩步增長。",
                ("quote", "大多數人第一次打來時都壓低聲音。到掛電話的時候，他們已經"
                 "能正常說話了。我聽的就是這個變化。", "法拉盛的一位熱線志願者"),
                "對許多來電者來說，這個決定與其說是政治的，不如說是個人的。志願"
                "者講到，有的父母在親人被拘押之後替全家聲明，有的教師當年為了評"
                "職稱入黨，還有學生說自己在識字之前就被編入了少先隊。",
                ("heading", "隱私第一"),
                "組織者最先談到的是隱私。網站不從谷歌或臉書載入任何內容，因為這些"
                "請求在國內會被封鎖，也會暴露誰在閱讀。聯絡方式可以不填；填了也"
                "會加密保存，審核之後刪除。",
                ("image", "志願者在攤位上核對當天收到的聲明。"),
                "回到攤位，志願者把聲明念給來電者聽。他只要求改一處：要寫明他也"
                "退出了少先隊。然後他道了謝，掛斷了電話。",
                ("counter",),
            ),
        },
        "en": {
            "title": "“I want my name off their list”: volunteers help callers "
            "quit the Communist Party",
            "summary": "On a hotline and at a street booth in Flushing, "
            "volunteers take down statements from people in China who are "
            "quitting the Party, the Youth League and the Young Pioneers, "
            "most of them under an alias.",
            "tags": ("quitting the Party", "volunteers", "hotline", "testimony"),
            "caption": "Nine in the evening in Flushing: volunteers still staff "
            "the booth.",
            "body": (
                "The phone on the folding table rings a little after nine in "
                "the evening, which is morning in Shandong. The caller gives no "
                "name at first. He asks whether it is safe to talk, and whether "
                "anyone in China will see what he says.",
                "The volunteer who answers, a retired accountant who has staffed "
                "the line for six years, explains how it works: an alias is "
                "enough, no one will publish his number, and a moderator reads "
                "every statement before it appears on the site. After a pause "
                "the caller dictates two sentences. He joined the Youth League "
                "at fourteen because the whole class did. He does not want his "
                "name on their list any more.",
                "Statements like his arrive by phone, at booths outside "
                "supermarkets and subway stations, and through a website that "
                "readers in mainland China reach over VPNs. Organisers say the "
                "number of people who have quit the Party and its youth "
                "organisations has passed 450 million since the count began in "
                "2004, a figure that cannot be checked independently but that "
                "has grown steadily.",
                ("quote", "Most people whisper the first time they call. By the "
                 "end they are speaking normally. That change is what I listen "
                 "for.", "A hotline volunteer in Flushing"),
                "For many callers the decision is less political than personal. "
                "Volunteers describe parents who quit on behalf of a whole "
                "family after a relative was detained, teachers who joined the "
                "Party for a promotion, and students who were enrolled in the "
                "Young Pioneers before they could read.",
                ("heading", "Privacy first"),
                "Privacy is the first thing the organisers talk about. The site "
                "loads nothing from Google or Facebook, because those requests "
                "are blocked in China and reveal who is reading. Contact details "
                "are optional, encrypted, and deleted after review.",
                ("image", "A volunteer checks the day's statements at the booth."),
                "Back at the booth, the volunteer reads the statement back to "
                "the caller, who asks for one change: he wants it to say that he "
                "quit the Young Pioneers too. Then he thanks her and hangs up.",
                ("counter",),
            ),
        },
    },
    {
        "slug": "hotline-night-shift",
        "days_ago": 2,
        "scene": "night",
        "authors": ("wang",),
        "categories": ("reports",),
        "source": None,
        "picks": (),
        "zh-hans": {
            "title": "热线夜班：电话那头的声音",
            "summary": "一位志愿者讲述深夜接听国内来电的经历：有人犹豫，有人"
            "哭，也有人只说了一句话就挂断。",
            "tags": ("热线", "志愿者", "亲历"),
            "caption": "夜班开始前，热线值班室只亮着一盏台灯。",
            "body": (
                "夜班从晚上十一点开始，那时国内正是午后。值班室里只有两部电话、"
                "一本登记簿和一壶凉掉的茶。",
                "第一个电话来自一位货车司机。他说自己在服务区，只有十分钟。我"
                "问他想用什么化名，他想了很久，说就叫“回头是岸”吧。",
                "也有人打来只是想确认这件事是真的。有位老太太问了三遍：声明之"
                "后会不会有人找上门？我告诉她，网站不保存她的电话，也不会公开"
                "任何联系方式。她沉默了一会儿，说：那就替我写上吧。",
                "天快亮的时候，我在登记簿上数了数：这一夜一共十九个电话，十四"
                "份声明。",
            ),
        },
        "zh-hant": {
            "title": "熱線夜班：電話那頭的聲音",
            "summary": "一位志願者講述深夜接聽國內來電的經歷：有人猶豫，有人"
            "哭，也有人只說了一句話就掛斷。",
            "tags": ("熱線", "志願者", "親歷"),
            "caption": "夜班開始前，熱線值班室只亮著一盞檯燈。",
            "body": (
                "夜班從晚上十一點開始，那時國內正是午後。值班室裡只有兩部電話、"
                "一本登記簿和一壺涼掉的茶。",
                "第一個電話來自一位貨車司機。他說自己在服務區，只有十分鐘。我"
                "問他想用什麼化名，他想了很久，說就叫「回頭是岸」吧。",
                "也有人打來只是想確認這件事是真的。有位老太太問了三遍：聲明之"
                "後會不會有人找上門？我告訴她，網站不保存她的電話，也不會公開"
                "任何聯絡方式。她沉默了一會兒，說：那就替我寫上吧。",
                "天快亮的時候，我在登記簿上數了數：這一夜一共十九個電話，十四"
                "份聲明。",
            ),
        },
        "en": {
            "title": "The night shift on the hotline",
            "summary": "A volunteer describes taking calls from China through "
            "the night: some hesitate, some cry, some say one sentence and "
            "hang up.",
            "tags": ("hotline", "volunteers", "testimony"),
            "caption": "Before the night shift: one desk lamp in the hotline room.",
            "body": (
                "The night shift starts at eleven, early afternoon in China. "
                "The room holds two phones, a logbook and a pot of tea gone "
                "cold.",
                "The first caller is a lorry driver at a motorway service area "
                "with ten minutes to spare. Asked what alias he would like, he "
                "thinks for a long time and settles on “Turning back”.",
                "Some call only to make sure it is real. An elderly woman asks "
                "three times whether anyone will come to her door. I tell her "
                "that the site keeps no phone number and publishes no contact "
                "details. After a silence she says: then write it down for me.",
                "Towards dawn I count the entries in the logbook: nineteen "
                "calls, fourteen statements.",
            ),
        },
    },
    {
        "slug": "teacher-quits-league",
        "days_ago": 4,
        "scene": "classroom",
        "authors": ("chen",),
        "categories": ("interviews",),
        "source": ("harbour", 2),
        "picks": (),
        "zh-hans": {
            "title": "一位老师为何退出共青团",
            "summary": "她十五岁入团，四十岁时请志愿者把她的名字从名单上划掉。",
            "tags": ("共青团", "亲历"),
            "caption": "放学后的教室。",
            "body": (
                "周老师（化名）在一所县城中学教语文。她说，入团那年全班只有两"
                "个同学没交申请书，“他们后来都被班主任叫去谈过话”。",
                "让她下决心的，是一次公开课。教研组要求她讲一段她自己都不相信"
                "的历史，她照讲了，下课后在办公室坐了很久。",
                "“我不是要跟谁对着干，”她说，“我只是不想再当一个说假话的"
                "老师。”她用化名发表了声明，家里人至今只有丈夫知道。",
            ),
        },
        "zh-hant": {
            "title": "一位老師為何退出共青團",
            "summary": "她十五歲入團，四十歲時請志願者把她的名字從名單上劃掉。",
            "tags": ("共青團", "親歷"),
            "caption": "放學後的教室。",
            "body": (
                "周老師（化名）在一所縣城中學教語文。她說，入團那年全班只有兩"
                "個同學沒交申請書，「他們後來都被班主任叫去談過話」。",
                "讓她下決心的，是一次公開課。教研組要求她講一段她自己都不相信"
                "的歷史，她照講了，下課後在辦公室坐了很久。",
                "「我不是要跟誰對著幹，」她說，「我只是不想再當一個說假話的"
                "老師。」她用化名發表了聲明，家裡人至今只有丈夫知道。",
            ),
        },
        "en": {
            "title": "A teacher explains why she quit the Youth League",
            "summary": "She joined at fifteen; at forty she asked volunteers "
            "to strike her name from the list.",
            "tags": ("youth league", "testimony"),
            "caption": "A classroom after the last lesson.",
            "body": (
                "Ms Zhou (not her real name) teaches Chinese at a county "
                "secondary school. The year she joined the League, she says, "
                "only two pupils in her class did not apply, “and both were "
                "called in by the head teacher afterwards”.",
                "What decided her was an open lesson. Her department asked her "
                "to teach a version of history she did not believe herself. "
                "She taught it, and then sat in the staff room for a long time.",
                "“I am not trying to fight anyone,” she says. “I just do not "
                "want to be a teacher who tells lies.” She published her "
                "statement under an alias; of her family, only her husband "
                "knows.",
            ),
        },
    },
    {
        "slug": "family-statement",
        "days_ago": 6,
        "scene": "window",
        "authors": ("zhang",),
        "categories": ("reports",),
        "source": ("herald", 1),
        "picks": (),
        "zh-hans": {
            "title": "一家四口同时声明退出",
            "summary": "过年团聚的饭桌上，一家人决定一起退出，并且一起承担后果。",
            "tags": ("三退", "亲历"),
            "caption": "团圆饭后，窗外的灯还亮着。",
            "body": (
                "李家是在除夕夜做的决定。父亲是老党员，母亲在街道工作，两个女"
                "儿都在上大学。",
                "“以前家里从不谈这些，”大女儿说，“那天是父亲先开的口。”他讲"
                "起年轻时亲眼见过的一件事，讲完就说：我想退。",
                "四个人的声明由在海外的亲戚代为提交，用的都是化名。大女儿说，"
                "她们不知道以后会怎样，但至少这一次，一家人说的是同一句话。",
            ),
        },
        "zh-hant": {
            "title": "一家四口同時聲明退出",
            "summary": "過年團聚的飯桌上，一家人決定一起退出，並且一起承擔後果。",
            "tags": ("三退", "親歷"),
            "caption": "團圓飯後，窗外的燈還亮著。",
            "body": (
                "李家是在除夕夜做的決定。父親是老黨員，母親在街道工作，兩個女"
                "兒都在上大學。",
                "「以前家裡從不談這些，」大女兒說，「那天是父親先開的口。」他講"
                "起年輕時親眼見過的一件事，講完就說：我想退。",
                "四個人的聲明由在海外的親戚代為提交，用的都是化名。大女兒說，"
                "她們不知道以後會怎樣，但至少這一次，一家人說的是同一句話。",
            ),
        },
        "en": {
            "title": "A family of four quits at the New Year table",
            "summary": "Over the reunion dinner, a family decided to quit "
            "together, and to carry the consequences together.",
            "tags": ("quitting the Party", "testimony"),
            "caption": "After the reunion dinner, the lights are still on.",
            "body": (
                "The Li family decided on New Year's Eve. The father is a "
                "long-standing Party member, the mother works for the "
                "neighbourhood office, and both daughters are at university.",
                "“We never talked about these things at home,” the elder "
                "daughter says. “That evening my father spoke first.” He told "
                "them about something he had witnessed as a young man, and "
                "then said: I want to quit.",
                "A relative abroad submitted the four statements, all under "
                "aliases. The elder daughter says they do not know what comes "
                "next, but for once the whole family said the same thing.",
            ),
        },
    },
    {
        "slug": "vpn-readers",
        "days_ago": 9,
        "scene": "screen",
        "authors": ("lin",),
        "categories": ("reports",),
        "source": None,
        "picks": (),
        "zh-hans": {
            "title": "墙内的读者如何来到这里",
            "summary": "翻墙软件、Tor 和耐心：声明是怎样从国内送出来的。",
            "tags": ("翻墙", "隐私"),
            "caption": "深夜，一台笔记本电脑的屏幕。",
            "body": (
                "网站每天的访问中，有相当一部分来自经过多重跳转的连接。维护"
                "网站的志愿者说，他们不知道这些读者是谁，也不想知道。",
                "正因如此，网站不使用任何第三方字体、脚本或统计工具：每一个外"
                "部请求都可能在国内被拦截，也可能留下记录。页面不依赖 JavaScript，"
                "在很慢的 Tor 连接上也能打开。",
                "志愿者还建议读者在公用或家人共用的设备上使用隐私浏览模式，"
                "提交之后把回执码抄在安全的地方，而不是截图。",
            ),
        },
        "zh-hant": {
            "title": "牆內的讀者如何來到這裡",
            "summary": "翻牆軟體、Tor 和耐心：聲明是怎樣從國內送出來的。",
            "tags": ("翻牆", "隱私"),
            "caption": "深夜，一台筆記型電腦的螢幕。",
            "body": (
                "網站每天的訪問中，有相當一部分來自經過多重跳轉的連線。維護"
                "網站的志願者說，他們不知道這些讀者是誰，也不想知道。",
                "正因如此，網站不使用任何第三方字型、腳本或統計工具：每一個外"
                "部請求都可能在國內被攔截，也可能留下記錄。頁面不依賴 JavaScript，"
                "在很慢的 Tor 連線上也能打開。",
                "志願者還建議讀者在公用或家人共用的裝置上使用無痕瀏覽模式，"
                "提交之後把回執碼抄在安全的地方，而不是截圖。",
            ),
        },
        "en": {
            "title": "How readers behind the firewall reach the site",
            "summary": "VPNs, Tor and patience: how statements make their "
            "way out of China.",
            "tags": ("censorship", "privacy"),
            "caption": "Late at night, a laptop screen.",
            "body": (
                "A good share of the site's daily visits arrive over "
                "connections bounced through several hops. The volunteers who "
                "run it say they do not know who these readers are, and do "
                "not want to.",
                "That is why the site uses no third-party fonts, scripts or "
                "analytics: every outside request may be blocked in China, or "
                "leave a trace. Pages need no JavaScript and open even over a "
                "slow Tor connection.",
                "Volunteers also advise readers on shared or family devices to "
                "use a private window, and to copy their receipt code somewhere "
                "safe rather than take a screenshot.",
            ),
        },
    },
    {
        "slug": "why-aliases",
        "days_ago": 12,
        "scene": "street",
        "authors": ("zhang",),
        "categories": ("commentary",),
        "source": None,
        "picks": ("vpn-readers", "moderators-at-work"),
        "zh-hans": {
            "title": "为什么大多数声明用化名",
            "summary": "在国内，一个真名可能让人丢掉工作，或者拿不到护照。",
            "tags": ("隐私", "三退"),
            "caption": "雨夜的街口，行人匆匆走过。",
            "body": (
                "声明墙上最常见的名字是“明白人”“觉醒者”“平安”。它们不是真"
                "名，但每一个背后都是一个真实的决定。",
                "化名保护的不只是声明者本人。在国内，一个人的选择可能牵连到"
                "父母的退休金、孩子的升学，或者亲戚的出境申请。",
                "愿意署真名的人也有。网站只在本人同意、并经两位审核员确认之后"
                "才显示真名；否则显示的始终是化名。",
            ),
        },
        "zh-hant": {
            "title": "為什麼大多數聲明用化名",
            "summary": "在國內，一個真名可能讓人丟掉工作，或者拿不到護照。",
            "tags": ("隱私", "三退"),
            "caption": "雨夜的街口，行人匆匆走過。",
            "body": (
                "聲明牆上最常見的名字是「明白人」「覺醒者」「平安」。它們不是真"
                "名，但每一個背後都是一個真實的決定。",
                "化名保護的不只是聲明者本人。在國內，一個人的選擇可能牽連到"
                "父母的退休金、孩子的升學，或者親戚的出境申請。",
                "願意署真名的人也有。網站只在本人同意、並經兩位審核員確認之後"
                "才顯示真名；否則顯示的始終是化名。",
            ),
        },
        "en": {
            "title": "Why most statements use an alias",
            "summary": "At home, a real name can cost a job or a passport.",
            "tags": ("privacy", "quitting the Party"),
            "caption": "A street corner on a rainy night.",
            "body": (
                "The commonest names on the wall are “明白人” (one who "
                "understands), “觉醒者” (the awakened) and “平安” (peace). They "
                "are not real names, but each stands for a real decision.",
                "An alias protects more than the person who declares. In "
                "China one person's choice can reach a parent's pension, a "
                "child's school place or a relative's application to travel.",
                "Some do sign with their real name. The site shows it only when "
                "the person agreed and two moderators confirmed it; otherwise "
                "the alias is all anyone sees.",
            ),
        },
    },
    {
        "slug": "moderators-at-work",
        "days_ago": 15,
        "scene": "desk",
        "authors": ("wang", "lin"),
        "categories": ("reports",),
        "source": None,
        "picks": (),
        "zh-hans": {
            "title": "审核队列里的一天",
            "summary": "每一份声明都要先有人读过，才会出现在声明墙上。",
            "tags": ("审核", "志愿者"),
            "caption": "审核员的工作台。",
            "body": (
                "早上八点，审核队列里有三百多条待审声明。审核员小何先筛掉明显"
                "的垃圾信息：同一句话重复几十遍，或者根本不是中文。",
                "剩下的她一条一条读。有的只写了化名和一句话，有的写了整整一段"
                "经历。遇到写了电话号码或住址的，她会把内容退回，请作者删去之"
                "后再提交。",
                "“我们宁可慢一点，”她说，“也不能让一条不该公开的信息出现在网"
                "上。”",
            ),
        },
        "zh-hant": {
            "title": "審核隊列裡的一天",
            "summary": "每一份聲明都要先有人讀過，才會出現在聲明牆上。",
            "tags": ("審核", "志願者"),
            "caption": "審核員的工作台。",
            "body": (
                "早上八點，審核隊列裡有三百多條待審聲明。審核員小何先篩掉明顯"
                "的垃圾訊息：同一句話重複幾十遍，或者根本不是中文。",
                "剩下的她一條一條讀。有的只寫了化名和一句話，有的寫了整整一段"
                "經歷。遇到寫了電話號碼或住址的，她會把內容退回，請作者刪去之"
                "後再提交。",
                "「我們寧可慢一點，」她說，「也不能讓一條不該公開的訊息出現在網"
                "上。」",
            ),
        },
        "en": {
            "title": "A day in the moderation queue",
            "summary": "Every statement is read by a person before it "
            "appears on the wall.",
            "tags": ("moderation", "volunteers"),
            "caption": "A moderator's desk.",
            "body": (
                "At eight in the morning the queue holds over three hundred "
                "statements. He Lan, a moderator, first clears the obvious "
                "spam: one sentence pasted dozens of times, or text that is "
                "not Chinese at all.",
                "The rest she reads one by one. Some give an alias and a "
                "sentence; others tell a whole life. When a statement includes "
                "a phone number or an address, she sends it back and asks the "
                "author to remove it and submit again.",
                "“We would rather be slow,” she says, “than let one detail "
                "that should stay private appear online.”",
            ),
        },
    },
    {
        "slug": "street-booth-winter",
        "days_ago": 18,
        "scene": "winter",
        "authors": ("wang",),
        "categories": ("events",),
        "source": ("harbour", 1),
        "picks": (),
        "zh-hans": {
            "title": "冬日街头的三退点",
            "summary": "零下十度，志愿者依然守在摊位前，向路过的游客递上一杯热茶。",
            "tags": ("志愿者", "三退"),
            "caption": "下雪的午后，三退点前停下脚步的行人。",
            "body": (
                "摊位设在唐人街的一个路口，一张桌子、两块展板和一个保温壶。"
                "志愿者轮流值班，每班两小时。",
                "路过的多是来自国内的游客。有人快步走开，有人远远看一会儿，"
                "也有人走过来，压低声音问：在这里登记，国内能查到吗？",
                "一位志愿者说，冬天人少，但停下来的人往往想得更清楚。这个下午，"
                "摊位收到了七份声明。",
            ),
        },
        "zh-hant": {
            "title": "冬日街頭的三退點",
            "summary": "零下十度，志願者依然守在攤位前，向路過的遊客遞上一杯熱茶。",
            "tags": ("志願者", "三退"),
            "caption": "下雪的午後，三退點前停下腳步的行人。",
            "body": (
                "攤位設在唐人街的一個路口，一張桌子、兩塊展板和一個保溫壺。"
                "志願者輪流值班，每班兩小時。",
                "路過的多是來自國內的遊客。有人快步走開，有人遠遠看一會兒，"
                "也有人走過來，壓低聲音問：在這裡登記，國內能查到嗎？",
                "一位志願者說，冬天人少，但停下來的人往往想得更清楚。這個下午，"
                "攤位收到了七份聲明。",
            ),
        },
        "en": {
            "title": "A street booth in the snow",
            "summary": "At minus ten, volunteers keep the booth open and hand "
            "passing tourists a cup of hot tea.",
            "tags": ("volunteers", "events"),
            "caption": "A snowy afternoon: passers-by stop at the booth.",
            "body": (
                "The booth stands on a corner of Chinatown: one table, two "
                "display boards and a flask. Volunteers take turns, two hours "
                "a shift.",
                "Most passers-by are tourists from China. Some hurry on, some "
                "watch from a distance, and some come closer and ask quietly: "
                "if I sign here, can they find out at home?",
                "Fewer people stop in winter, one volunteer says, but those "
                "who do have usually thought it through. That afternoon the "
                "booth took seven statements.",
            ),
        },
    },
    {
        "slug": "counting-method",
        "days_ago": 21,
        "scene": "ledger",
        "authors": ("lin",),
        "categories": ("commentary",),
        "source": None,
        "picks": ("moderators-at-work", "hotline-night-shift", "why-aliases"),
        "zh-hans": {
            "title": "退党人数是怎样统计的",
            "summary": "历史基数、每日统计，以及为什么每个人只算一次。",
            "tags": ("统计", "三退"),
            "caption": "志愿者整理的手写登记表。",
            "body": (
                "网站首页的总数由两部分组成：一是本系统启用之前累计的历史人数，"
                "作为基数；二是此后每天经审核公开的声明所涉及的人数。",
                "一份声明可以代表几个人，比如一家人一起声明。统计按人数计算，"
                "不按声明份数；同一个人退出党、团、队中的几个组织，也只算一人。",
                "被退回、被标为垃圾信息或被撤回的声明不计入总数。撤回之后，"
                "总数会相应减少。",
            ),
        },
        "zh-hant": {
            "title": "退黨人數是怎樣統計的",
            "summary": "歷史基數、每日統計，以及為什麼每個人只算一次。",
            "tags": ("統計", "三退"),
            "caption": "志願者整理的手寫登記表。",
            "body": (
                "網站首頁的總數由兩部分組成：一是本系統啟用之前累計的歷史人數，"
                "作為基數；二是此後每天經審核公開的聲明所涉及的人數。",
                "一份聲明可以代表幾個人，比如一家人一起聲明。統計按人數計算，"
                "不按聲明份數；同一個人退出黨、團、隊中的幾個組織，也只算一人。",
                "被退回、被標為垃圾訊息或被撤回的聲明不計入總數。撤回之後，"
                "總數會相應減少。",
            ),
        },
        "en": {
            "title": "How the running total is counted",
            "summary": "A historical baseline, daily tallies, and why each "
            "person counts once.",
            "tags": ("figures", "quitting the Party"),
            "caption": "Handwritten registers kept by volunteers.",
            "body": (
                "The total on the home page has two parts: the historical "
                "count from before this system, as a baseline, and the people "
                "named in the statements published after review each day "
                "since.",
                "One statement may stand for several people, a family for "
                "example. The count is of people, not statements; someone who "
                "quits the Party, the League and the Pioneers counts once.",
                "Statements that are sent back, marked as spam or withdrawn do "
                "not count. When one is withdrawn, the total goes down.",
            ),
        },
    },
    {
        "slug": "grandmother",
        "days_ago": 24,
        "scene": "room",
        "authors": ("wang",),
        "categories": ("reports",),
        "source": None,
        "picks": ("family-statement", "teacher-quits-league"),
        "zh-hans": {
            "title": "奶奶的声明",
            "summary": "八十岁的奶奶让孙子帮她打了这个电话。",
            "tags": ("亲历", "热线", "三退"),
            "caption": "老屋的窗边，奶奶常坐的位置。",
            "body": (
                "电话是孙子拨通的，说话的是奶奶。她的口音很重，志愿者请她慢慢"
                "说，她就一个字一个字地说。",
                "她年轻时入党，是因为生产队里“大家都入”。后来经历的事情，她说"
                "了很多年也没对别人讲过。",
                "声明只有一句：“我退出共产党，给孩子们留个干净的名声。”孙子在"
                "电话里说，奶奶说完这句话，笑了。",
            ),
        },
        "zh-hant": {
            "title": "奶奶的聲明",
            "summary": "八十歲的奶奶讓孫子幫她打了這個電話。",
            "tags": ("親歷", "熱線", "三退"),
            "caption": "老屋的窗邊，奶奶常坐的位置。",
            "body": (
                "電話是孫子撥通的，說話的是奶奶。她的口音很重，志願者請她慢慢"
                "說，她就一個字一個字地說。",
                "她年輕時入黨，是因為生產隊裡「大家都入」。後來經歷的事情，她說"
                "了很多年也沒對別人講過。",
                "聲明只有一句：「我退出共產黨，給孩子們留個乾淨的名聲。」孫子在"
                "電話裡說，奶奶說完這句話，笑了。",
            ),
        },
        "en": {
            "title": "A grandmother's statement",
            "summary": "At eighty, she asked her grandson to make the call "
            "for her.",
            "tags": ("testimony", "hotline", "quitting the Party"),
            "caption": "By the window of the old house, where she likes to sit.",
            "body": (
                "Her grandson dialled; she did the talking. Her accent was "
                "strong, and when the volunteer asked her to go slowly she "
                "spoke one word at a time.",
                "She joined the Party as a young woman because “everyone in "
                "the production team did”. What she lived through afterwards, "
                "she says, she kept to herself for many years.",
                "Her statement is one sentence: “I quit the Communist Party, "
                "so that my children keep a clean name.” Her grandson said she "
                "smiled when she had said it.",
            ),
        },
    },
    {
        "slug": "volunteer-training",
        "days_ago": 27,
        "scene": "meeting",
        "authors": ("chen",),
        "categories": ("events",),
        "source": None,
        "picks": (),
        "zh-hans": {
            "title": "新志愿者培训日",
            "summary": "一个星期六的工作坊：倾听、隐私和登记表。",
            "tags": ("志愿者", "隐私"),
            "caption": "培训日，社区中心的会议室。",
            "body": (
                "培训在社区中心的会议室举行，来了十二位新志愿者，有学生，也有"
                "刚退休的工程师。",
                "上午讲倾听：不打断，不催促，不替来电者做决定。下午讲隐私：不"
                "在登记表上写电话号码，不拍摄来访者的脸，不在社交媒体上谈论具"
                "体的来电。",
                "最后一个环节是模拟接听。一位学生说，最难的是沉默的那几秒钟，"
                "“你要忍住，不去填满它”。",
            ),
        },
        "zh-hant": {
            "title": "新志願者培訓日",
            "summary": "一個星期六的工作坊：傾聽、隱私和登記表。",
            "tags": ("志願者", "隱私"),
            "caption": "培訓日，社區中心的會議室。",
            "body": (
                "培訓在社區中心的會議室舉行，來了十二位新志願者，有學生，也有"
                "剛退休的工程師。",
                "上午講傾聽：不打斷，不催促，不替來電者做決定。下午講隱私：不"
                "在登記表上寫電話號碼，不拍攝來訪者的臉，不在社群媒體上談論具"
                "體的來電。",
                "最後一個環節是模擬接聽。一位學生說，最難的是沉默的那幾秒鐘，"
                "「你要忍住，不去填滿它」。",
            ),
        },
        "en": {
            "title": "Training day for new volunteers",
            "summary": "A Saturday workshop on listening, privacy and "
            "paperwork.",
            "tags": ("volunteers", "privacy"),
            "caption": "Training day in a community centre's meeting room.",
            "body": (
                "Twelve new volunteers came to the community centre: students, "
                "and an engineer who had just retired.",
                "The morning was about listening: do not interrupt, do not "
                "hurry, do not decide for the caller. The afternoon was about "
                "privacy: no phone numbers on the forms, no photos of "
                "visitors' faces, no talk of particular calls on social media.",
                "The last session was a practice call. The hardest part, one "
                "student said, was the silence of those few seconds: “you have "
                "to hold back and not fill it.”",
            ),
        },
    },
    {
        "slug": "young-pioneers",
        "days_ago": 30,
        "scene": "paper",
        "authors": ("zhang",),
        "categories": ("commentary",),
        "source": ("herald", 2),
        "picks": (),
        "zh-hans": {
            "title": "识字之前的红领巾",
            "summary": "许多人在还不识字的时候，就已经被编入了少先队。",
            "tags": ("少先队", "历史"),
            "caption": "一条旧红领巾，压在课本下面。",
            "body": (
                "小学一年级的入队仪式，很多人至今记得：排队、举手、跟着老师念"
                "一段听不太懂的誓词。",
                "声明墙上，“退出少先队”是最常被勾选的一项。不少声明者写道，"
                "他们从没被问过愿不愿意。",
                "一位读者在来信中说：“那时我七岁。现在我四十岁了，我想自己回"
                "答一次这个问题。”",
            ),
        },
        "zh-hant": {
            "title": "識字之前的紅領巾",
            "summary": "許多人在還不識字的時候，就已經被編入了少先隊。",
            "tags": ("少先隊", "歷史"),
            "caption": "一條舊紅領巾，壓在課本下面。",
            "body": (
                "小學一年級的入隊儀式，很多人至今記得：排隊、舉手、跟著老師念"
                "一段聽不太懂的誓詞。",
                "聲明牆上，「退出少先隊」是最常被勾選的一項。不少聲明者寫道，"
                "他們從沒被問過願不願意。",
                "一位讀者在來信中說：「那時我七歲。現在我四十歲了，我想自己回"
                "答一次這個問題。」",
            ),
        },
        "en": {
            "title": "A red scarf before they could read",
            "summary": "Many were enrolled in the Young Pioneers before they "
            "could read.",
            "tags": ("young pioneers", "history"),
            "caption": "An old red scarf under a schoolbook.",
            "body": (
                "Many still remember the ceremony in their first year at "
                "primary school: lining up, raising a hand, repeating after "
                "the teacher an oath they barely understood.",
                "On the wall, “the Young Pioneers” is the organisation ticked "
                "most often. Many who declare write that nobody ever asked "
                "them whether they wanted to join.",
                "One reader wrote: “I was seven then. I am forty now, and I "
                "want to answer the question myself, once.”",
            ),
        },
    },
)  # fmt: skip
