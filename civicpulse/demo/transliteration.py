"""Bulgarian to Latin script by the official Streamlined System (2009), for English names."""

import re

LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip
QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "–": "-"})
# The law's one exception: a word-final "ия" is "ia" (София → Sofia).
FINAL_IA = re.compile(r"ия\b", re.IGNORECASE)


def transliterate(text: str) -> str:
    text = FINAL_IA.sub(lambda m: "IA" if m.group().isupper() else "ia", text)
    out = []
    for index, char in enumerate(text):
        latin = LETTERS.get(char.lower())
        if latin is None:
            out.append(char)
        elif not char.isupper():
            out.append(latin)
        else:
            following = text[index + 1 : index + 2]
            whole_word_upper = following.isupper() and following.isalpha()
            out.append(latin.upper() if whole_word_upper else latin.capitalize())
    return "".join(out).translate(QUOTES)
