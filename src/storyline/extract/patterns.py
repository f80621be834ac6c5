"""Boilerplate heuristics as data (the trafilatura habit: rules apart from control flow).

Each pattern matches one whole line of page text (case-insensitive). Lists are
multilingual where the phrase is common (en, es, de, fr, it, pt, el, ru, uk, sr/hr).
"""

from __future__ import annotations

import re


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.I)


# Characters other than ASCII that plain text carries and that have no case.
_NOT_PLAIN = re.compile("[^\x00-\x7f\xa0’‘“”–—…•·«»]")


# The characters other than ASCII that re.I takes for an ASCII letter although their
# lower() is not that letter: dotless ı (i), long ſ (s), and İ (lower() gives i and a dot).
ASCII_CASE_TRAPS = re.compile("[ıſİ]")


def plain_lower(text: str) -> str | None:
    """``text.lower()`` when text is ASCII and typographic punctuation, else None.

    In such text ``re.I`` matches letters exactly where ``lower()`` does (the case
    equivalents that lower() misses, such as K and the Kelvin sign, are not ASCII), so
    a pattern that needs a word cannot match where the lower-cased text lacks it.
    """
    return text.lower() if text.isascii() or _NOT_PLAIN.search(text) is None else None


# A marker that opens a block of links *inside* the article; the article goes on after it.
RELATED_MARKER = _any(
    r"^>?\s*(related|related (articles?|stories|news|content|links|posts)|read also|"
    r"also read|read more|see also|more on this( story)?|must read|don'?t miss|"
    r"(.{0,30} )?newsletter|sign up( for)?.{0,60}|get the .{0,40}newsletter|subscribe( to)?.{0,60}newsletter.*)\s*:?$",
    r"^>?\s*(lee también|te puede interesar|noticias relacionadas|relacionad[oa]s?|"
    r"(artigos|posts|matérias|notícias|artículos|entradas) relacionad[oa]s|articoli correlati|"
    r"lesen sie auch|mehr zum thema|auch interessant|à lire aussi|lire aussi|sur le même sujet|"
    r"leggi anche|leia também|διαβάστε (επίσης|ακόμη)|σχετικά άρθρα|σχετικά|читайте также|"
    r"по теме|читайте також|pročitajte (još|i)|прочитајте (још|и)|vezane vijesti|leia também|veja também|"
    r"leia mais|関連記事|関連ニュース|相关文章|相關文章|相关阅读|관련\s?기사)\s*[:.…：]*$",
)

# A newsletter sign-up prompt ("Stay up to date with Ascom. Subscribe to our newsletter.",
# "Every day we send an email with the top stories from Digg."). It is a form after
# the article or an insert inside it; what follows tells which (see ``pagetext``).
NEWSLETTER_PROMPT = _any(
    r"^(?![•·▪●◦‣∙*-]\s).*\b(subscribe|sign(ing)? up|join|get|receive)\b.{0,40}\b(our|the|this|free|weekly|daily)\b"
    r".{0,40}\bnewsletters?\b",
    r"\bnewsletters?\b.{0,60}\b(to|in) your inbox\b",
    r"\b(send|deliver)s? (you )?an? e-?mail\b.{0,40}\b(top|best|latest) stories\b",
    r"^(thanks? (you )?for (signing up|subscribing)|you have (successfully|succesfully) subscribed)\b",
    r"^want more( \w+){0,3} like this\?$",
)
# Words every NEWSLETTER_PROMPT match contains (a cheap pre-check).
NEWSLETTER_STEMS = ("newsletter", "mail", "subscri", "signing up", "want more")

# A marker after which the article does not continue: comments, tags, the footer.
END_MARKER = _any(
    r"^>?\s*(comments?(\s*\(\d+\))?|\[?\s*\d+\s+comments?\s*\]?|load more comments.*|show \d+ more comments?|"
    r"(\d+|one|two) (responses?|thoughts?|replies|comments?) (to|on) .{1,200}|"
    r"leave a (comment|reply)|post a comment|add a comment|"
    r"join the (conversation|discussion)|show comments|view comments|"
    r"share (this|the) (article|story)( on)?|tags?:|topics?:|about the author|"
    r"(copyright|©).{0,120}|all rights reserved.*|back to top)\s*:?$",
    r"^>?\s*(comentários|comentarios|deja tu comentario|kommentare|commentaires|commenti|σχόλια|"
    r"deixe (uma resposta|um comentário|seu comentário)|deja (una respuesta|un comentario)|lascia un commento|"
    r"lais?s(er|ez) un commentaire|(schreibe|hinterlasse) einen kommentar|оставьте комментарий|"
    r"оставить комментарий|αφήστε (ένα )?σχόλιο|"
    r"комментарии|коментари|report an error.*|journalistic standards|corrections policy)"
    r"(\s*\(\d+\))?\s*:?$",
)

# The heading of a list of other stories. Such lists sit after the article, but
# also in sidebars before it, so they weigh against the body without ending it.
LIST_HEADER = _any(
    r"^>?\s*(latest( stories| news| articles)?|most (read|popular|viewed|shared)|popular( now| stories)?|"
    r"top stories|more stories|more news|all news|editor'?s picks|"
    r"ask me anything|explore related questions|bonus video:?|watch:?|share:?|homepage|"
    r"follow .{1,60} on (google news|twitter|x|facebook|telegram).*|"
    r"recommended( for you| stories)?|you may (also )?like|you might (also )?like|more from .{1,40}|"
    r"trending( now| stories)?|what to read next|up next|"
    r"você pode gostar|você também pode gostar|mais lidas|también te puede interesar|"
    r"lo más leído|últimas noticias|meistgelesen|les plus lus|i più letti|δημοφιλή|τα πιο δημοφιλή|"
    r"τελευταία νέα|популярное|последние новости|najčitanije)\s*[:.…]*$",
)

# A line in capitals only: in a body paragraph, an inline link ("GET FOX BUSINESS ON THE GO").
ALL_CAPS_LINK = re.compile(r"^(?=(?:\S+\s+){4})[^a-zß-ÿα-ωа-я]*[A-Z][^a-zß-ÿα-ωа-я.!?]*$")

# A teaser: headline glued to its summary ("Pochettino fired by TottenhamPochettino took ...").
GLUED_TEASER = re.compile(r"[a-z]{2}[.?!’'\")]?[A-Z][a-z]{2,}")

# Where a page-text headline runs into its summary with no space: "...At Troy SteakhouseA party of six",
# "...On The Rise?Violence is". The lowercase run before the capital keeps brand names
# ("iPhone", "McDonald") out; ``pagetext`` also requires a Title Case headline before it.
# (The capital is tested first: it rules out most positions at once.)
GLUED_HEADLINE_END = re.compile(r"(?=(?:[A-Z][a-z]+|A|I)\s)(?:(?<=[a-z]{2})|(?<=\d{2})|(?<=[a-z][’'\"”?!)]))")

# Short words a Title Case headline may leave in lower case.
TITLE_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or but by with from as is vs vs. de la el y en".split()
)

# Headers of "read next" teaser lists: nothing after them is the article.
READ_NEXT = _any(
    r"^>?\s*(recommended( for you| stories)?|you may (also )?like|you might (also )?(like|enjoy)|"
    r"what to read next|read next|up next|more to read|você pode gostar|você também pode gostar|"
    r"también te puede interesar|te puede interesar|das könnte sie auch interessieren|"
    r"vous aimerez aussi|potrebbe interessarti|μπορεί να σας ενδιαφέρει|вам может понравиться)\s*[:.…]*$",
)

# "More World", "> More Politics": a section's link list after the article.
MORE_SECTION = re.compile(r"^>?\s*More\s+[A-Z][\w&'-]*(\s+[A-Z][\w&'-]*){0,2}$")

# Share bars: "Share Facebook X Email Copy link", "Compartir: WhatsApp Facebook X"
SHARE_LINE = re.compile(
    r"^(share( this (story|article|page))?|compartir|κοινοποίηση|teilen|partager|condividi|поделиться|podeli)"
    r"\s*:?(\s+(facebook|x|twitter|email|e-mail|copy link|whatsapp|linkedin|viber|telegram|reddit|"
    r"pinterest|messenger|print|bluesky|threads|mastodon|sms))*\s*$",
    re.I,
)

# Comment furniture: "2 hours ago", "Rosa M. · hace 3 horas", "Reply · Like (12)"
COMMENT_META = _any(
    r"\b\d+\s+(minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago(\s+at\s+.{1,12})?$",
    r"^rating:\s*-?\d+\s*votes?$",
    r"\bhace\s+\d+\s+(minutos?|horas?|días?)$|\bvor\s+\d+\s+(minuten|stunden|tagen)$",
    r"\bπριν από\s+\d+\s+(λεπτά|ώρες|ώρα|μέρες)$|\d+\s+(минут|час\w*|дн\w*)\s+назад$",
    r"^(reply|responder|απάντηση|antworten|répondre|ответить)\b.{0,40}$",
)

# "© 2025 Harbor Gazette Media Co." -> 2025: the year a page was rendered.
COPYRIGHT_YEAR = re.compile(r"(?:©|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d\d)", re.I)

# Cookie-consent text, which is long enough to pass for prose.
COOKIE_NOTICE = _any(
    r"\b(this|our) (website|site) uses cookies\b|\bwe use cookies\b|\bcookies? (policy|settings|preferences)\b",
    r"\buse of cookies\b|\b(accept|consent to) (all )?cookies\b|\bnecessary cookies\b|utilizamos cookies|"
    r"usamos cookies|wir verwenden cookies|nous utilisons des cookies|χρησιμοποιούμε cookies",
)
# The word every COOKIE_NOTICE match contains (a cheap pre-check).
COOKIE_STEMS = ("cookie",)

# Lines dropped wherever they are (test a line with ``is_junk_line``).
_JUNK_PHRASES = (
    r"^(advertisement|advertising|advert|ad|ads|sponsored( content)?|promoted|publicidad|anzeige|"
    r"διαφήμιση|реклама|scroll to continue( with content)?|continue reading( below)?|"
    r"story continues below.*|article continues below.*|listen to (this|the) article.*|"
    r"\d+\s+min(ute)?s?\s+read|print|email|tweet|share|whatsapp|facebook|twitter|linkedin|"
    r"reddit|telegram|copy link|link copied|save|follow|menu|search|close|×|x|"
    r"powered by .{1,40}|weather symbol|skip to (main )?content|open in app|"
    r"accept( all)?( cookies)?|reject( all)?|manage (cookies|preferences)|cookie settings)$",
    r"^.{0,40}\b-?\d{1,2}\s?°\s?[cf]?$",  # "Athens 7°C" weather widgets
    r"^contact\b.{0,40}:$",
    r"^https?://\S+$",
    r"^([^|·•.!?]{1,30}\s[|·•]\s){2,}[^|·•.!?]{1,30}$",  # "About us | Contact | Advertise | Privacy"
    r"^\[\w+[^\]]*\].*\[/\w+\]$",  # unrendered CMS shortcodes: [button link=...]...[/button]
    r"^(like this (story|article)\?|enjoyed this (story|article)\?).{0,60}$",
    r"^also on [\w.-]+\.(com|org|net|co\.uk)\b.{0,200}$",
    r"^\(?(see more|read more|more|watch|leia também|leggi anche( su)?|lee también|lesen sie auch|read also|"
    r"also read|related)\s*:.{0,200}\)?$",
    r"\[(insight|warning|news|video|reaction|poll|pictures|pics|latest)\]\s*\|?$",  # "... [VIDEO]"
    r"^(order reprints|print article|this article has been sent to.{0,80}|thank you|"
    r"an error has occurred,? please try again( later)?\.?|"
    r"this copy is for your personal,? non-commercial use only.*|write to .{2,60} at \S+@\S+)$",
    r"^(thanks? (you )?for (signing up|subscribing)!?|keep an eye on your inbox.*|sorry!?|"
    r"there was an error processing your subscription.*)$",
    r"^(updated|published|posted|last updated|actualizado|aktualisiert|ενημερώθηκε)\b.{0,40}\d.{0,20}$",
    r"^(atenção|atención|attention|note)\s*:.{0,40}\b(comentários|comentarios|comments)\b",
    r"\bcookies?\b.{0,120}\b(consent|accept|agree|policy|settings|experience)\b",
    r"^(privacy|cookies?) policy\b",
)
# The phrases anchored at the start are tried once, with match(): one search with them
# all tried each of them at every position of the line.
JUNK_LINE_START = _any(*(p for p in _JUNK_PHRASES if p.startswith("^")))
JUNK_LINE_ANYWHERE = _any(*(p for p in _JUNK_PHRASES if not p.startswith("^")))


def is_junk_line(text: str) -> bool:
    return bool(JUNK_LINE_START.match(text) or JUNK_LINE_ANYWHERE.search(text))

# "25739 views 31 reactions 10 comment(s)", "1.2K views", "14 comments"
COUNTER_LINE = re.compile(
    r"^((\d[\d.,]*\s*[km]?\s+(views?|reads?|reactions?|comments?(\(s\))?|shares?|likes?|min(ute)?s?\s+read|"
    r"προβολές|σχόλια|visitas|comentarios|просмотр\w*))\s*[|·•,]?\s*)+$",
    re.I,
)

# Photo captions and credits.
CAPTION_LINE = _any(
    r"(^|[,.;(]\s*)(photo|photograph|image|picture|credit|source|foto|φωτογραφία|фото)\s*:\s*[^.]{1,60}\)?$",
    r"\((photo|image|credit)[^)]{0,60}\)$",
    r"\b(getty images|afp via getty|ap photo|reuters/[\w ]+|shutterstock|epa-efe)\b.{0,40}$",
    r"[.!?]\s*\([^()]{2,80}\)$",  # "... before the recall. (Meridian Press)"
    r"\bphotos?\s*(©|by\b)",
    r"^\d+\s*of\s*\d+\S",  # carousel captions: "1of4Grass Valley's ..."
)
# What every CAPTION_LINE match contains, one phrase each (a cheap pre-check).
CAPTION_STEMS = (":", "(", "getty", "afp", "photo", "reuters/", "shutterstock", "epa-efe", *"0123456789")

# Words that mark a date as the last update rather than the first publication
# ("Updated April 10, 2025", "Last updated:", "Last active", "Actualizado:"). The date after
# the marker is the update; a date before it on the same line is the publication.
UPDATED_MARK = re.compile(
    r"\b(?:last\s+)?(?:updated?|modified|revised|edited)\b(?:\s+on)?:?|\blast\s+activ(?:e|ity)\b:?|"
    r"\bactualizad[oa]\b|\baktualisiert\b|"
    r"\bmis à jour\b|\bενημερώθηκε\b|\bενημέρωση\b|\bобновлено\b|\bоновлено\b|\bažurirano\b",
    re.I,
)

# Disclaimers that say the text was machine translated.
MACHINE_TRANSLATION = _any(
    r"\b(ai|machine|automatic(ally)?|google)\b.{0,40}\btranslat",
    r"\btranslat\w*\b.{0,60}\b(ai|machine|automatic(ally)?|artificial intelligence)\b",
    r"traducción automática|traducido automáticamente|maschinell übersetzt|"
    r"automatisch übersetzt|traduit automatiquement|αυτόματη μετάφραση|μεταφράστηκε αυτόματα|"
    r"машинный перевод|автоматически переведен",
)

# Words every MACHINE_TRANSLATION / PAYWALL match contains (a cheap pre-check).
TRANSLATION_STEMS = ("translat", "traduc", "übersetz", "traduit", "μεταφρ", "μετάφρ", "перев")
PAYWALL_STEMS = ("subscri", "member", "unlock", "article limit", "suscr", "abonn", "weiterlesen", "log in",
                 "login", "sign in")

DISCLAIMER_LINE = re.compile(r"^(disclaimer|note|editor'?s note)\s*:", re.I)

# A paywall that cuts the article short.
PAYWALL = _any(
    r"subscribe (now )?to (continue|keep) reading|to continue reading,? (please )?(subscribe|log ?in|sign in)",
    r"this (article|content|story) is (only )?(available )?(for|to) (subscribers|members)",
    r"already a (subscriber|member)\?|become a (subscriber|member) to read|"
    r"unlock (this|the full) (article|story)|you have reached your (free )?article limit",
    r"suscríbete para (seguir|continuar) leyendo|jetzt (weiterlesen|abonnieren)",
)

# "By Jane Doe", "By Jane Doe and John Roe, Reuters"
# The words that open a byline ("By", "Por", "Γράφει η" ...).
_BY = r"by|written by|words by|reporting by|por|von|par|di|от|γράφει\s+(?:ο|η)"

BYLINE = re.compile(
    rf"^(?:{_BY}|του|της|από)\s+"
    r"(?P<names>[^\d|•]{2,120}?)\s*(?:[|•,]|$|\s+(?:updated|published))",
    re.I,
)

# Tags: "#diplomacy#politics#..." or "Tags: a, b, c"
HASHTAG_LINE = re.compile(r"^#[^#\s][^#]*(#[^#]+)+$")
TAGS_PREFIX = re.compile(
    r"^(tags?|topics|keywords|filed under|etiquetas|temas|schlagworte|ετικέτες|теги|теме|oznake)"
    r"\s*(?::\s*(?P<tags>.+)|$)",
    re.I,
)

# A credit line after the article: "Πηγή: Meridian Press", "Source: Reuters"
CREDIT_LINE = _any(
    r"^(source|sources|fuente|quelle|πηγή|πηγές|источник|izvor)\s*:\s*.{2,80}$",
    r"^(with files from|with reporting (from|by)|additional reporting by|reporting by|editing by|"
    r"con información de|mit material von|avec \w+)\b.{2,100}$",
)

# Breadcrumbs: "> World", "Home › World › Europe"
BREADCRUMB = re.compile(r"^(>\s*\S.{0,40}|(\S[^›»>/]{0,30}\s+[›»>/]\s+){1,5}\S[^›»>/]{0,30})$")

# A teaser cut short by the page: "Hong Kong civilians step in to save students trapped in vi..."
TRUNCATED_TEASER = re.compile(r"[\w,](?:\.\.\.|…)\s*$")

BULLET = re.compile(r"^[•·▪●◦‣∙*-]\s+")

# A line that ends a sentence (a closing quote or bracket may follow the stop).
TERMINAL = re.compile(r"""[.!?…:;]["”’»)\]]*\s*$|[。！？]\s*$""")

BYLINE_PREFIX = re.compile(rf"^(?:{_BY})\s+", re.I)


# Class or id words of page furniture in languages trafilatura's English rules miss
# (it already prunes "comment", "related", "share" ...), matched as whole words.
FURNITURE_CLASS_WORDS = (
    "comentarios", "comentario", "kommentare", "commentaires", "commenti", "komentari", "комментарии",
    "sxolia", "publicidad", "anuncio", "werbung", "publicite", "pubblicita", "reklama", "diafimisi",
    "relacionadas", "relacionados", "noticias-relacionadas", "verwandte", "articles-lies", "correlati",
    "sxetika", "boletin", "lo-mas-leido", "mas-leidas", "meistgelesen", "populares",
)


# --- Author names read from HTML bylines (extract/html.py, extract/metadata.py) ---

# A byline label shown on its own, the name in the next element:
# "Written by" / "Article by" / "Author" <p>Jane Doe</p>.
BYLINE_LABEL = re.compile(
    r"^(?:(?:article\s+)?(?:written|posted|published|words)\s+by|article\s+by|by|authors?|author\s+name|"
    r"written\s+by|por|von|par|autor(?:es)?|auteur)\s*:?$",
    re.I,
)
# The label that opens a byline line, stripped from the name ("By: Jane Doe", "Posted by Jane Doe").
BYLINE_OPENER = re.compile(
    rf"^(?:(?:article\s+)?(?:written|posted|published|words|reporting)\s+by|(?:article|text|story)\s+by|{_BY}|"
    r"authors?|author\s+name)\s*:?\s*",
    re.I,
)
# The separators between the parts of a byline line ("Jane Doe | Staff Writer", "May 2 · Jane Doe").
BYLINE_SEPARATOR = re.compile(r"\s*[;|•·⋅]\s*|\s[-–—/]\s")
# Where the names in one part end: a second role ("Reviewed by", "Edited by"),
# an update stamp, a date or place ("on", "in", "at", "from") or a written date.
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
BYLINE_NAME_END = re.compile(
    r"\s+(?:(?:medically\s+|fact[\s-]checked\s+|)reviewed\s+by|edited\s+by|fact[\s-]checked\s+by|"
    r"(?:last\s+)?updated|published|on|in|at|from)\s|"
    rf"\s+(?:on\s+)?(?:{_MONTHS})\.?\s+\d|\s+\d",
    re.I,
)
# Lower-case words that belong in a name ("Ludwig van Beethoven", "Rui de Sousa", "the Lavazza Team").
NAME_PARTICLES = frozenset(
    "van von der den de del della di da das dos du la le y e bin ibn al el st ter ten zu the".split()
)
# Words that are never a person's name on their own (labels, roles, month and day names).
NOT_A_NAME = re.compile(
    r"^(the )?(by|author|authors|admin|administrator|editor|editors|staff|team|guest|contributor|unknown|anonymous|"
    r"updated|published|posted|written|reviewed|share|follow|role|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december|mon|tue|wed|thu|fri|sat|sun)\.?$",
    re.I,
)
# Words of a job title, not of a name: "Jane Doe, Staff Writer" names one person, and
# "Celeste Longacre Gardener" is a name with its role glued on. ("Staff" and "Team" stay:
# "The Upwork Team" is how some sites sign.)
ROLE_WORDS = frozenset(
    """writer editor reporter correspondent contributor columnist author manager director founder
    co-founder ceo cto cfo coo president chief head lead senior junior expert consultant specialist officer
    dietitian nutritionist attorney lawyer professor doctor physician nurse engineer developer designer analyst
    strategist coordinator producer photographer journalist reviewer tester chef gardener astrologer
    sponsored""".split()
)
# A user handle, the one byline that may be in lower case ("by jsteinhardt", "hackermondev").
HANDLE = re.compile(r"[\w.-]{2,40}")
