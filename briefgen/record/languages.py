"""The table of document languages: what each one is, for every stage
(direction, quotation marks, month and calendar names, digit styles, the
words that keep a date, a quantity or a title on one line). Read from here,
never compared as a literal: adding a language is adding its row here and its
section to templates/strings.yaml (docs/customising.md, "Adding a language").
"""
from __future__ import annotations

from dataclasses import dataclass

DIGIT_STYLES = ("western", "arabic-indic")


@dataclass(frozen=True)
class Language:
    code: str                   # as texts, profiles and file names write it: fr
    names: tuple[str, str]      # its name in Arabic and in English, as the (bilingual) indexes print it
    direction: str              # "rtl" or "ltr"
    quotes: tuple[str, str]     # opening and closing quotation marks
    months: tuple[str, ...]     # Gregorian months, January first
    gregorian_suffix: str       # after a Gregorian year: 2005م
    hijri_months: tuple[str, ...]
    hijri_suffix: str           # after a Hijri year: 1448هـ, 1448 AH
    other: str                  # the language runs of the other script are tagged with (view/inline.py)
    # Regular-expression alternatives that keep a phrase on one line (view/inline.py):
    month_spellings: str        # every spelling of a month, abbreviations included
    units: str                  # what follows a number: 12 million, 3 أيام
    titles: str                 # what precedes a name: Sheikh Tamim, الشيخ تميم
    title_article: str          # an article before a title: the Father Amir
    joiners: str                # between two years: 2014 and 2016
    era: str = ""               # a calendar sign written after a year in running text
    # Words that say something holds now (view/lint.py, ended-period): not every
    # present tense, only the words that claim the present outright.
    present: str = ""
    capitals: bool = True       # names start with a capital letter (a title then takes the next one only)
    first_of_month: str = "1"   # the first day of a month as dates print it: 1er février
    digit_styles: tuple[str, ...] = ("western",)    # those its documents may print
    # A paragraph's last word of at most this many letters and digits goes to
    # the next line with the word before it, never alone (view/inline.py:
    # last_words_kept); 0: never. Not in English: it hyphenates, so the pair
    # pulled down whole opened the line before it to 3.7 spaces (docs/arabic.md).
    short_last_word: int = 0

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def chooses_digits(self) -> bool:
        return len(self.digit_styles) > 1

    def digits(self, asked: str) -> str:
        """The digit style a document prints: the one asked, if the language
        has it. A profile's digits apply to all its documents, so an English
        one asked for Arabic-Indic digits prints western ones."""
        return asked if asked in self.digit_styles else "western"

    def day(self, number: int) -> str:
        return self.first_of_month if number == 1 else str(number)


ARABIC = Language(
    code="ar", names=("العربية", "Arabic"), direction="rtl", quotes=("«", "»"),
    # Gulf usage (docs/arabic.md): transliterated month names.
    months=("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
            "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    gregorian_suffix="م",
    hijri_months=("محرم", "صفر", "ربيع الأول", "ربيع الثاني", "جمادى الأولى", "جمادى الآخرة", "رجب",
                  "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"),
    hijri_suffix="هـ",
    other="en",
    month_spellings="يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر",
    units="مليون|ملايين|مليار|مليارات|ألف|آلاف|دولار|دولارا|ريال|ريالا|يورو|كم|كيلومتر|كيلومترا|كيلومترات"
          "|متر|مترا|أمتار|طن|أطنان|كغ|كجم|كيلوغرام|ساعة|ساعات|يوم|يوما|أيام|أسبوع|أسبوعا|أسابيع|شهر|شهرا|أشهر"
          "|سنة|سنوات|عام|عاما|أعوام|دورة|دورات|مشارك|مشاركا|متدرب|متدربا|دولة|دول",
    titles="صاحب السمو|صاحبة السمو|صاحب السعادة|سمو|معالي|سعادة|فخامة|جلالة|الشيخة|الشيخ|الأمير الوالد"
           "|الأمير|أمير|الدكتورة|الدكتور|د\\.|السيدة|السيد|السفيرة|السفير|الوزيرة|الوزير|الأمين العام",
    title_article="",
    joiners="و|إلى|حتى|-",
    era="(?:م|هـ)?",
    present="حاليا|حالياً|الآن|مستمر|مستمرة|يستمر|تستمر|جار|جارٍ|جارية|ساري|سارية|لا يزال|لا تزال|ما زال|ما زالت",
    capitals=False,
    short_last_word=8,
    digit_styles=DIGIT_STYLES,
)

ENGLISH = Language(
    code="en", names=("الإنجليزية", "English"), direction="ltr", quotes=("“", "”"),
    months=("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"),
    gregorian_suffix="",
    hijri_months=("Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
                  "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah", "Dhu al-Hijjah"),
    hijri_suffix=" AH",
    other="ar",
    month_spellings="January|February|March|April|May|June|July|August|September|October|November|December"
                    "|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Oct\\.|Nov\\.|Dec\\.",
    units="million|billion|thousand|km|kilometres?|kilometers?|metres?|meters?|m|kg|tonnes?|t"
          "|hours?|days?|weeks?|months?|years?|USD|QAR|EUR|dollars?|riyals?|euros?|courses?"
          "|participants?|trainees?|countries|states|members",
    titles="(?:His|Her|Their) (?:Royal )?(?:Highness(?:es)?|Excellenc(?:y|ies)|Majesty)|H\\. ?[EH]\\."
           "|(?:the )?Father Amir|Amir|Emir|Sheikha?|Dr\\.?|Mr\\.?|Mrs\\.?|Ms\\.?|Prof\\.?"
           "|Ambassador|President|Minister|Secretary[- ]General",
    title_article="the\\s+",
    joiners="and|to|-",
    present="currently|ongoing|now|continues|continue|remains|remain|still|in force|under way|underway",
)

# French typography: guillemets with a narrow no-break space inside them,
# month names in lower case, the first of a month an ordinal (1er février).
# The Hijri year takes " H" (de l'Hégire), the usual French abbreviation.
FRENCH = Language(
    code="fr", names=("الفرنسية", "French"), direction="ltr", quotes=("«\u202f", "\u202f»"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
            "août", "septembre", "octobre", "novembre", "décembre"),
    gregorian_suffix="",
    hijri_months=("Mouharram", "Safar", "Rabia al-awal", "Rabia ath-thani", "Joumada al-oula",
                  "Joumada ath-thania", "Rajab", "Chaabane", "Ramadan", "Chawwal", "Dhou al-qi’da",
                  "Dhou al-hijja"),
    hijri_suffix=" H",
    other="ar",
    month_spellings="janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
                    "|janv\\.|févr\\.|avr\\.|juil\\.|sept\\.|oct\\.|nov\\.|déc\\.",
    units="millions?|milliards?|milliers?|km|kilomètres?|mètres?|m|kg|tonnes?|t"
          "|heures?|jours?|semaines?|mois|ans|années?|USD|QAR|EUR|dollars?|riyals?|euros?|stages?"
          "|participants?|participantes?|stagiaires?|pays|États|membres",
    titles="(?:Son|Leurs) (?:Altesses?|Excellences?)(?: Royales?)?|Sa Majesté|S\\. ?[AE]\\."
           "|(?:l’|l')?[ÉE]mir père|[ÉE]mir|Cheikha?|Dr\\.?|M\\.|Mme|Pr\\.?"
           "|[Aa]mbassadeur|[Aa]mbassadrice|[Pp]résident|[Pp]résidente|[Mm]inistre|[Ss]ecrétaire général",
    title_article="(?:l[ea]\\s+|l[’'])",
    joiners="et|à|-",
    present="actuellement|en cours|se poursuit|se poursuivent|toujours|en vigueur|désormais",
    first_of_month="1er",
)

LANGUAGE = {language.code: language for language in (ARABIC, ENGLISH, FRENCH)}
LANGUAGES = tuple(LANGUAGE)
# Every text of a record is written in these (the shipped documents print
# both); any other language of the table is optional, text by text.
REQUIRED_LANGUAGES = ("ar", "en")
# What a document prints where a text lacks its language (with a warning).
FALLBACK = "en"
