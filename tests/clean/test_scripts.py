"""Pages in scripts without spaces, right-to-left and non-Latin scripts keep their article.

The texts are fictional, written for these tests: a short report in each script with the
page furniture around it that such sites show (share buttons, login, related links).
"""

from __future__ import annotations

import pytest

from storyfold.clean import clean_page
from storyfold.clean.features import line_features
from storyfold.clean.language import article_language
from storyfold.text import clean_line

ARTICLES = {
    "zh": (
        "河畔市政府周二宣布，新的跨河大桥将于明年春天正式通车，预计每天可分流两万辆汽车。",
        "市交通局局长在发布会上表示，大桥建设历时三年，总投资约四十亿元，工程质量经过多次检测。",
        "附近居民普遍欢迎这一消息，一位在桥边经营小店的店主说，通车后上下班时间将缩短一半。",
        "专家提醒，通车初期可能出现拥堵，建议市民错峰出行，并留意交通部门发布的最新信息。",
    ),
    "ja": (
        "北浜町の町議会は火曜日、老朽化した図書館を来年の秋までに建て替える計画を承認した。",
        "新しい図書館には子ども向けの読書室と、地域の歴史資料を保存する専用の書庫が設けられる。",
        "町長は記者会見で、建設費の半分は県の補助金でまかなう見込みだと説明した。",
        "利用者からは、工事期間中も本の貸し出しを続けてほしいという声が多く寄せられている。",
    ),
    "th": (
        "เทศบาลเมืองริมน้ำประกาศเมื่อวันอังคารว่าจะเปิดใช้สะพานข้ามแม่น้ำแห่งใหม่ในฤดูร้อนปีหน้า "
        "ซึ่งคาดว่าจะช่วยลดปัญหาการจราจรติดขัดในตัวเมืองได้อย่างมาก",
        "นายกเทศมนตรีกล่าวว่าโครงการนี้ใช้เวลาก่อสร้างกว่าสามปี และได้รับงบประมาณสนับสนุนจากรัฐบาลกลาง "
        "ประชาชนในพื้นที่ส่วนใหญ่แสดงความยินดีกับข่าวนี้",
        "ผู้เชี่ยวชาญด้านการขนส่งแนะนำให้ประชาชนวางแผนการเดินทางล่วงหน้าในช่วงสัปดาห์แรกของการเปิดใช้ "
        "เนื่องจากอาจมีรถจำนวนมากกว่าปกติ",
    ),
    "ar": (
        "أعلنت بلدية مدينة النهر يوم الثلاثاء أن الجسر الجديد فوق النهر سيفتح أمام السيارات "
        "في الربيع المقبل.",
        "وقال رئيس البلدية في مؤتمر صحفي إن المشروع استغرق ثلاث سنوات وإن تكلفته بلغت نحو "
        "أربعين مليون دينار.",
        "ورحب سكان الأحياء القريبة بالخبر، وقال صاحب متجر صغير إن الطريق إلى عمله سيصبح "
        "أقصر بكثير.",
        "ونصح خبراء النقل السائقين بتجنب ساعات الذروة في الأسابيع الأولى بعد افتتاح الجسر.",
    ),
    "ko": (
        "강변시는 화요일 새 다리가 내년 봄에 개통될 예정이라고 발표했다.",
        "시장은 기자회견에서 공사에 삼 년이 걸렸으며 총 사업비는 약 사백억 원이라고 설명했다.",
        "인근 주민들은 대체로 이 소식을 반기며 출퇴근 시간이 크게 줄어들 것이라고 말했다.",
        "교통 전문가들은 개통 초기에는 혼잡이 예상되므로 대중교통을 이용해 달라고 당부했다.",
    ),
    "ru": (
        "Городской совет Приречья во вторник объявил, что новый мост через реку откроют весной.",
        "По словам мэра, строительство заняло три года, а его стоимость составила около двух "
        "миллиардов рублей.",
        "Жители соседних кварталов встретили эту новость с радостью и надеются на меньшие пробки.",
        "Эксперты советуют водителям в первые недели после открытия моста выезжать заранее.",
    ),
    "hi": (
        "नदीपुर नगर निगम ने मंगलवार को घोषणा की कि नदी पर बना नया पुल अगले वसंत में खोला जाएगा।",
        "महापौर ने संवाददाता सम्मेलन में कहा कि इस परियोजना को पूरा होने में तीन साल लगे हैं।",
        "आसपास के निवासियों ने इस खबर का स्वागत किया और कहा कि अब उनका सफर काफी छोटा हो जाएगा।",
        "परिवहन विशेषज्ञों ने लोगों को पहले कुछ हफ्तों में भीड़ से बचने की सलाह दी है।",
    ),
}

FURNITURE = {
    "zh": ("分享到微博", "登录", "相关新闻"),
    "ja": ("シェア", "ログイン", "関連記事"),
    "th": ("แชร์", "เข้าสู่ระบบ", "ข่าวที่เกี่ยวข้อง"),
    "ar": ("شارك", "تسجيل الدخول", "اقرأ أيضا"),
    "ko": ("공유하기", "로그인", "관련기사"),
    "ru": ("Поделиться", "Войти", "Читайте также"),
    "hi": ("शेयर करें", "लॉग इन", "ये भी पढ़ें"),
}


def _page(lang: str) -> str:
    share, login, related = FURNITURE[lang]
    return "\n".join([login, share, *ARTICLES[lang], share, related])


@pytest.mark.parametrize("lang", sorted(ARTICLES))
@pytest.mark.parametrize("extracted", [True, False], ids=["html", "text"])
def test_the_article_is_kept_and_the_furniture_dropped(lang, extracted):
    articles = clean_page(_page(lang), document_id="d", extracted=extracted)
    assert articles, f"{lang}: no article text found"
    kept = articles[0].text.splitlines()
    assert kept == [clean_line(p) for p in ARTICLES[lang]]  # punctuation folded
    dropped = {d.line for d in articles[0].dropped}
    assert set(FURNITURE[lang]) <= dropped


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_each_paragraph_reads_as_prose(lang):
    for line in ARTICLES[lang]:
        assert line_features(line).prose, line


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_the_language_is_identified(lang):
    assert article_language("\n".join(ARTICLES[lang])) == lang


def test_words_keep_their_vowel_signs():
    # "हिन्दी" is one word: its vowel signs are combining marks, not word breaks
    assert line_features("हिन्दी समाचार").n_words == 2


def test_short_labels_in_any_script_are_not_prose():
    for label in ("分享到微博", "ข่าวที่เกี่ยวข้อง", "تسجيل الدخول", "관련기사"):
        assert not line_features(label).prose, label


def test_no_language_for_text_too_short_or_empty():
    assert article_language("") is None
    assert article_language("12 34") is None


def test_the_article_keeps_the_characters_the_page_wrote():
    """Compatibility forms are text: NFKC would turn ㈜ into (주), ２０３１ into 2031, km² into
    km2; only quotes, dashes and spaces are folded."""
    line = "㈜한빛 reported ２０３１ sales of 4 km² “up ½”"
    assert clean_line(line) == '㈜한빛 reported ２０３１ sales of 4 km² "up ½"'
    assert clean_line("Cafe\u0301") == "Café"  # composed, as NFC


def test_every_kind_of_space_is_one_space():
    assert clean_line("北浜町\u3000図書館 opens\u2003on\u2009Friday\u00a0 at\u205fnoon") == (
        "北浜町 図書館 opens on Friday at noon"
    )
