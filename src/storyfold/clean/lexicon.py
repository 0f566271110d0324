"""Interface phrases and line patterns that mark page furniture, in several languages.

Every entry describes a *kind* of page furniture (share prompts, comment
sections, app banners, copyright notices, credits, timestamps), never a
particular site. Phrases are matched against a whole short line after
lowercasing and trimming punctuation, so a sentence that merely contains
"share" or "comment" is not affected.
"""

from __future__ import annotations

import re

import regex

# Lines that are interface text on their own (whole-line match).
INTERFACE_PHRASES: frozenset[str] = frozenset(
    """
    share|share this|share this article|share this story|share on facebook|share on twitter|
    share on x|share via email|share article|tweet|email|print|print this article|copy link|
    link copied|facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|instagram|youtube|
    follow us|follow us on|like us on facebook|hashtags|tags|topics|categories|filed under|
    comments|comment|no comments|no comments yet|no comments yet...|leave a reply|leave a comment|
    post a comment|add a comment|write a comment|view comments|show comments|load comments|
    join the conversation|reply|cancel reply|log in|login|sign in|sign up|register|logout|
    log out|my account|subscribe|subscribe now|subscribe today|newsletter|
    sign up for our newsletter|
    menu|main menu|search|home|skip to content|skip to main content|jump to|back to top|top|
    close|open|toggle|next|previous|next article|previous article|next post|previous post|
    load more|show more|see more|view more|read more|continue reading|read full article|
    read the full story|advertisement|advert|ad|sponsored|sponsored content|promoted|
    accept|accept all|reject all|cookie settings|manage cookies|privacy policy|terms of use|
    terms of service|terms and conditions|contact us|about us|site map|sitemap|rss|
    logo|image|photo|video|watch|listen|play|audio|gallery|photos|videos|
    more|more news|latest|latest news|trending|trending now|most read|most popular|popular|
    breaking news|live|updated|published|share.|
    teilen|drucken|kommentare|kommentar|anmelden|abonnieren|suche|startseite|werbung|
    weiterlesen|mehr lesen|mehr zum thema|zum thema|artikel teilen|
    partager|imprimer|commentaires|commentaire|connexion|se connecter|s'abonner|abonnez-vous|
    rechercher|accueil|publicité|lire la suite|lire aussi|à lire aussi|sur le même sujet|
    compartir|imprimir|comentarios|comentario|iniciar sesión|suscríbete|suscribirse|buscar|
    inicio|publicidad|leer más|te puede interesar|noticias relacionadas|
    condividi|stampa|commenti|commento|accedi|iscriviti|abbonati|cerca|pubblicità|
    leggi anche|leggi di più|articoli correlati|
    partilhar|compartilhar|comentários|entrar|assinar|pesquisar|publicidade|leia também|
    leia mais|notícias relacionadas|
    delen|reacties|reageer|inloggen|abonneren|zoeken|advertentie|lees ook|lees meer|
    поделиться|комментарии|комментарий|войти|регистрация|подписаться|поиск|главная|реклама|
    читать далее|читайте также|печать|
    udostępnij|komentarze|zaloguj się|szukaj|reklama|czytaj także|czytaj więcej|
    paylaş|yorumlar|yorum yap|giriş yap|ara|reklam|devamını oku|
    شارك|مشاركة|تعليقات|التعليقات|تسجيل الدخول|بحث|الرئيسية|إعلان|اقرأ المزيد|اقرأ أيضا|
    اشترك|طباعة|
    اشتراک گذاری|نظرات|ورود|جستجو|تبلیغات|بیشتر بخوانید|
    שתף|תגובות|התחברות|חיפוש|פרסומת|קרא עוד|
    शेयर करें|शेयर|टिप्पणियाँ|टिप्पणी|लॉग इन|खोजें|विज्ञापन|और पढ़ें|ये भी पढ़ें|
    分享|分享到|评论|评论区|登录|注册|搜索|首页|广告|打印|收藏|返回顶部|上一篇|下一篇|
    阅读全文|查看更多|更多|相关阅读|相关新闻|相关文章|热门推荐|責任編輯|责任编辑|編輯|
    分享至|留言|登入|註冊|搜尋|首頁|廣告|列印|相關新聞|相關文章|延伸閱讀|
    シェア|ツイート|コメント|ログイン|新規登録|検索|トップ|広告|印刷|関連記事|もっと見る|
    続きを読む|前の記事|次の記事|
    공유|공유하기|댓글|로그인|회원가입|검색|홈|광고|인쇄|관련기사|더보기|이전 기사|다음 기사|
    แชร์|ความคิดเห็น|เข้าสู่ระบบ|ค้นหา|หน้าแรก|โฆษณา|อ่านต่อ|ข่าวที่เกี่ยวข้อง
    """.replace("\n", "").split("|")
)
#: a short line starting with one of these is a share or repost button ("分享到微博")
INTERFACE_PREFIXES: tuple[str, ...] = (
    "分享到",
    "分享至",
    "转播到",
    "转发到",
    "轉寄",
    "シェアする",
    "공유하기",
)
INTERFACE_PHRASES = frozenset(p.strip() for p in INTERFACE_PHRASES if p.strip())

# Headings after which the page moves on to other material (related stories,
# comment threads). Seen after the main text, they end the main article.
SECTION_END_PHRASES: frozenset[str] = frozenset(
    """
    related|related articles|related stories|related posts|related news|related content|
    related coverage|related links|related reading|read more|read next|more from|more stories|
    more news|more on this story|more on this topic|recommended|recommended for you|
    recommended stories|you may also like|you might also like|you may be interested in|
    also read|see also|also on|most read|most popular|trending|trending now|popular stories|
    comments|no comments yet|no comments yet...|leave a reply|leave a comment|post a comment|
    join the conversation|join the discussion|top stories|latest news|latest stories|editor's picks|
    mehr zum thema|weitere artikel|das könnte sie auch interessieren|kommentare|
    lire aussi|à lire aussi|sur le même sujet|vous aimerez aussi|commentaires|
    te puede interesar|noticias relacionadas|también te puede interesar|comentarios|
    leggi anche|articoli correlati|potrebbe interessarti|commenti|
    leia também|notícias relacionadas|você pode gostar|comentários|
    lees ook|gerelateerde artikelen|reacties|you may like to read|you may like|you might like|
    more like this|other stories|more articles|popular now|more stories like this|read also|
    more to explore|more to read|related reading|what to read next|keep reading|
    leave a reply cancel reply|comments filter|show comments|view comments|load comments|
    privacy overview|manage consent|cookie settings|we use cookies|
    читайте также|похожие новости|комментарии|
    اقرأ أيضا|مقالات ذات صلة|أخبار ذات صلة|التعليقات|
    ये भी पढ़ें|संबंधित खबरें|टिप्पणियाँ|
    相关阅读|相关新闻|相关文章|热门推荐|精彩推荐|猜你喜欢|相關新聞|相關文章|延伸閱讀|
    関連記事|あわせて読みたい|おすすめ記事|
    관련기사|관련 기사|많이 본 뉴스|추천 기사|
    ข่าวที่เกี่ยวข้อง|ข่าวแนะนำ
    """.replace("\n", "").split("|")
)
SECTION_END_PHRASES = frozenset(p.strip() for p in SECTION_END_PHRASES if p.strip())

# Patterns over a whole (folded) line; first match wins. Each has a reason.
LINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "copyright",
        re.compile(
            r"^(©|\(c\)|copyright)\s*(©\s*)?(\d{4}|by\b)|(©|\(c\)|copyright)\s*\d{4}|"
            r"all rights reserved|alle rechte vorbehalten|"
            r"tous droits réservés|todos los derechos reservados|tutti i diritti riservati",
            re.I,
        ),
    ),
    (
        "app banner",
        re.compile(
            r"^(download|get|install|open|try)\b.{0,30}\b(the|our)?\s*app\b|"
            r"\b(available|download( it)?|get it|find us) (on|in|from|at) (the )?"
            r"(app[- ]?store|google play|play[- ]?store)\b|^(app[- ]?store|google play)\W*$|"
            r"\b(read|continue) (it )?in the app\b",
            re.I,
        ),
    ),
    (
        "subscribe prompt",
        re.compile(
            r"^(subscribe|sign up|register|join)\b.{0,80}\b(newsletter|email|inbox|updates|"
            r"latest posts|free|today|now)\b|\bsent to your (email|inbox)\b|"
            r"^discover more from\b|^(please )?(log ?in|sign in) to\b",
            re.I,
        ),
    ),
    (
        "interface prompt",
        re.compile(
            r"^(click|tap) (here|to)\b|^(try|explore) (our|what)\b|^(follow|like) us\b|"
            r"^share (this|on|via)\b|^(cookies?|we use cookies)\b|"
            r"^this (site|website) uses cookies|"
            r"^(get started|start your free trial|book a demo)\W*(\S+\W*){0,3}$|^advertisement\b|"
            r"^(scroll|swipe) (down|to)\b|^(listen|watch) to (this|the) (article|story)\b|"
            r"^(read|see|view) (the )?(full|whole|complete|original) (story|article|report)\b"
            r".{0,60}$|^(continue reading|read more) (at|on)\b.{0,60}$",
            re.I,
        ),
    ),
    (
        "browser notice",
        re.compile(
            r"\bjavascript (is|has been|seems to be) (disabled|turned off|not enabled|blocked)\b|"
            r"\b(please )?(enable|activate|turn on|allow) (your |the )?javascript\b|"
            r"\bjavascript (is )?(required|needed|must be enabled)\b|"
            r"\bbitte aktivieren sie javascript\b|\bactivez (le )?javascript\b|"
            r"\byour (web )?browser (is (not supported|out of date|outdated)|does ?n[o']t "
            r"support)\b|\b(switch|upgrade|update) to a (supported|newer|modern) browser\b",
            re.I,
        ),
    ),
    (
        "photo credit",
        re.compile(
            r"^(photo|image|picture|pic|foto|bild|credit|photograph|illustration|"
            r"crédit photo|crédit|file photo)s?\s*(:|/|by\b|credit\b)\s*\S|"
            r"^\(?(photo|image|foto)s?\)?\s*[:/]|"
            r"\b(getty images|via reuters|/ ?afp|/ ?ap photo)\b\s*$",
            re.I,
        ),
    ),
    (
        "timestamp",
        re.compile(
            r"^(time)?\s*(\d+|an?|one)\s+(second|minute|min|hour|hr|day|week|month|year)s?\s+ago$|"
            r"^(updated|published|posted|last updated|modified|aktualisiert|veröffentlicht|"
            r"mis à jour|publié le|actualizado|publicado|aggiornato)\b.{0,40}$|"
            r"^(vor|il y a|hace)\s+\d+\s+\w+$|^(just now|yesterday|today)$",
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(?i:by|von|par|por|di|door)\s+[A-ZÀ-Ý][\w.'-]+(\s+[A-ZÀ-Ý][\w.'-]+){0,3}"
            r"(\s*(,|and|&|und|et|y|e)\s*[A-ZÀ-Ý][\w.'-]+(\s+[A-ZÀ-Ý][\w.'-]+){0,3})*"
            r"(\s*[,|/-]\s*[\w .'-]{0,40})?$",
        ),
    ),
    (
        "comment form",
        re.compile(
            r"^(name|email|e-mail|website|comment|your comment|message)\s*\*?$|"
            r"your email address will not be published|^save my name, email|"
            r"required fields are marked|^notify me of (new|follow-up)",
            re.I,
        ),
    ),
    (
        "cookie notice",
        re.compile(
            r"\b(we|this (web)?site) uses? cookies\b|"
            r"\bcookie (policy|settings|consent|preferences)\b|"
            r"^(accept|reject|allow) (all )?cookies|^(necessary|functional|performance|analytics"
            r"|advertisement|others)$|^always enabled$",
            re.I,
        ),
    ),
    (
        "reading time",
        re.compile(
            r"^\d+\s*(min|mins|minutes?|minuten|minutos|minuti)\.?(\s+(read|lesen|lesezeit|"
            r"de lecture|de lectura|di lettura|leestijd))?$|"
            r"^(reading time|read time|lesezeit|lecture|temps de lecture|tiempo de lectura|"
            r"tempo di lettura|tempo de leitura|leestijd)\s*:?\s*\d+\s*\w*\.?$",
            re.I,
        ),
    ),
    (
        "breadcrumb",
        # not a quoted title ("'Tour | Night | Encore'") nor a labelled example
        # ("Example: Home > Garden > Tools"): a trail of links has neither
        re.compile(r"^(?![\"'“‘])[^.!?:]{1,80}?(\s[›»>|/]\s[^.!?›»>|/]{1,80}){2,}$"),
    ),
)

_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
# A line that is only dates and times, each possibly after a source name or a label of at
# most three words ("Agency28-04-2025", "Courier, April 5, 2024", "Posted 2013-10-24
# 03:00:00 | Updated 2013-10-24 05:10:00", "2013年10月24日 10:30"); at most three such
# units. "Below is the original announcement from 12/16/25" is a sentence, and
# "10.0.1.128" an address, not a date. Each prefix word ends at a space and the units are
# bounded, so a long line is matched in linear time.
_DATE_FORMS = (
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?![\d.])|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d.])"
    r"|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]"
    rf"|(({_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})|(\d{{1,2}}\s+({_MONTHS})\.?,?\s+\d{{4}})"
)
_DATE_UNIT = (
    r"(?:[\w.,&'-]+:? ){0,3}[^\W\d_]*[.,&':-]?\s*(?<![\d.])"
    rf"(?:{_DATE_FORMS})"
    r"(?:[ ,T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?![\d.])(?:\s*(?:am|pm|[A-Z]{2,4})){0,2})?"
)
DATE_ONLY = re.compile(rf"^{_DATE_UNIT}(?:\s*[|·•,/]?\s*{_DATE_UNIT}){{0,2}}$", re.I)
WEEKDAY_DATE = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+.{0,30}\d{4}([ ,]+\d{1,2}[:.]\d{2}.*)?$", re.I
)

# Inline markers left by content-management systems, removed inside lines.
CMS_MARKERS = re.compile(
    r"\[\[[^\]\n]{0,80}\]\]|\{\{[^}\n]{0,80}\}\}|\[(embed|ad|advert|related|caption|gallery|"
    r"video|image|tweet|instagram|youtube)[^\]\n]{0,80}\]|<!--.*?-->",
    re.I,
)


_EDGE_RUN = regex.compile(r"[\s\W\d]+")
r"""Spaces, punctuation, symbols and digits: what :func:`key` trims from both ends (the
``regex`` module's ``\W``, which keeps combining marks: a Devanagari word's final vowel
sign is part of the word)."""

_SPACES = re.compile(r"\s+")


def key(line: str) -> str:
    """The comparison form of a short line: lowercased, outer punctuation and counts trimmed.

    Both ends are trimmed with anchored matches (the tail on the reversed
    string), so the cost is linear in the line: an unanchored ``[...]+$`` would
    retry from every position of a long run of separators.
    """
    s = line.lower().strip()
    head = _EDGE_RUN.match(s)
    if head:
        s = s[head.end() :]
    tail = _EDGE_RUN.match(s[::-1])
    if tail:
        s = s[: len(s) - tail.end()]
    return _SPACES.sub(" ", s)


ALWAYS_FURNITURE = re.compile(
    r"^\W*(advertisement|advert|ad|anzeige|werbung|publicité|publicidad|sponsored|"
    r"share|share this|teilen|partager|compartir|print|drucken|imprimer)\W*$",
    re.I,
)
"""Interface words that are furniture even between two paragraphs (an ad slot, a share
button inside the article); other interface words there are headings ("Pinterest")."""


def is_interface(line: str) -> bool:
    """Whether a short line is interface text (share, comments, login, ...) in any language."""
    k = key(line)
    if not k:
        return False
    if k in INTERFACE_PHRASES:
        return True
    if len(k) <= 24 and k.startswith(INTERFACE_PREFIXES):
        return True
    # "Comments (3)", "3 Comments", "Share on: Facebook Twitter" and the like.
    head = " ".join(k.split()[:3])
    return len(k.split()) <= 6 and any(
        head.startswith(p + " ") or head == p for p in ("share", "comments", "follow us")
    )


COMMENT_SECTION_PHRASES: frozenset[str] = frozenset(
    {
        "comments",
        "no comments yet",
        "no comments yet...",
        "leave a reply",
        "leave a comment",
        "leave a reply cancel reply",
        "comments filter",
        "show comments",
        "view comments",
        "load comments",
        "post a comment",
        "join the conversation",
        "join the discussion",
        "kommentare",
        "commentaires",
        "comentarios",
        "commenti",
        "comentários",
        "reacties",
    }
)


def is_comment_section(line: str) -> bool:
    """Whether a line heads a reader-comment section."""
    return key(line) in COMMENT_SECTION_PHRASES


def is_section_end(line: str) -> bool:
    """Whether a line heads the material that follows an article (related stories, comments).

    The heading may carry a count or a short tail ("87 Comments", "Comments Filter:").
    """
    k = key(line)
    if not k:
        return False
    if k in SECTION_END_PHRASES:
        return True
    w = k.split()
    return len(w) <= 4 and (" ".join(w[:2]) in _SECTION_HEADS or w[0] in _SECTION_HEADS)


_SECTION_HEADS = frozenset(
    {
        "comments",
        "related articles",
        "related stories",
        "related posts",
        "you may",
        "you might",
        "recommended for",
        "more from",
        "kommentare",
        "commentaires",
        "comentarios",
    }
)
