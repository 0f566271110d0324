"""Small function-word lists for several languages, used to tell prose from page furniture."""

from __future__ import annotations

_LISTS = {
    "en": """a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each few for
        from further had has have having he her here hers herself him himself his how i if in into
        is it its itself just me more most my myself no nor not now of off on once only or other
        our ours out over own same she should so some such than that the their theirs them then
        there these they this those through to too under until up very was we were what when where
        which while who whom why will with would you your yours""",
    "de": """aber als am an auch auf aus bei bin bis da damit dann das dass dem den der des die dies
        doch dort du durch ein eine einem einen einer es für hat hatte ich ihr im in ist ja kann
        kein man mit nach nicht noch nur oder sich sie sind so über um und uns von vor war wie wir
        wird zu zum zur""",
    "fr": """au aux avec ce ces dans de des du elle en est et eux il ils je la le les leur lui ma
        mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur
        ta te tes toi ton tu un une vos votre vous été être avait sont était""",
    "es": """a al algo como con de del desde donde el ella ellos en entre era es esta este fue ha
        hay la las le les lo los más me mi muy no nos o para pero por que se sin sobre su sus
        también
        un una uno y ya""",
    "it": """a al alla anche che chi come con da dal dalla degli dei del della di e è gli ha i il in
        la le lo ma mi ne nel nella non per più quando se si sono su sua suo tra un una""",
    "pt": """a ao aos as com como da das de do dos e é ela ele em entre era essa esse está foi há
        isso mais mas na nas no nos o os ou para pela pelo por que se sem seu sua são também
        um uma""",
    "nl": """aan al als bij dat de den der die dit door een en er had heb heeft het hij hoe in is ja
        je kan maar me met mij naar niet nog nu of om ons ook op over te tot uit van voor was wat we
        wel werd wij zal ze zich zijn zo""",
}

STOPWORDS: frozenset[str] = frozenset(w for text in _LISTS.values() for w in text.split())


def _generated_lists() -> dict[str, list[str]]:
    """The most frequent words of many more languages (``data/function_words.json``,
    written from wordfreq's lists by ``scripts/make_function_words.py``)."""
    import json
    from importlib.resources import files

    raw = files("storyfold.data").joinpath("function_words.json").read_text(encoding="utf-8")
    lists: dict[str, list[str]] = json.loads(raw)
    return lists


#: function words of every listed language, for the cleaner's prose test only: the hand
#: lists above keep the languages they cover; wordfreq's top words add the others
#: (STOPWORDS itself stays as it is, since the paraphrase model and story features were
#: fitted with it)
FUNCTION_WORDS: frozenset[str] = STOPWORDS | frozenset(
    w for lang, top in _generated_lists().items() if lang not in _LISTS for w in top
)
