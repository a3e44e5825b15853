"""The words `draft` reads a page by, per language, in one place: month names
(Gregorian and Hijri, with the spellings ministries use), ordinal words for days,
the words that give an event its kind, those that say an undated event followed
another, and those before a place. dates.py and events.py hold no word of their own.

Words are written as they appear; matching is done on normalised text
(normalise.py: Arabic alef forms, taa marbuta, diacritics, case)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    months: tuple[tuple[str, ...], ...]          # each Gregorian month's spellings, January first
    hijri_months: tuple[tuple[str, ...], ...]    # each Hijri month's spellings, Muharram first
    hijri_era: str                               # regex after a Hijri year: هـ, AH
    gregorian_era: str                           # regex after a Gregorian year: م (optional)
    ordinals: dict[str, int]                     # day words: "السادس عشر" -> 16, "sixteenth" -> 16
    year_words: str                              # regex before a year: عام, سنة; "the year"
    two_years: str                               # regex before "Y1 and Y2": العامين; "in", "both"
    and_word: str                                # regex between the two years (و, and)
    period_words: str                            # regex before a range of years: للفترة; "from", "period"
    range_joiners: str                           # regex between two ends of a range: -, إلى, to
    of_word: str                                 # regex between a day and its month: من شهر; of
    equivalent: str                              # regex between a Hijri date and its Gregorian one
    weekday: str                                 # regex of a weekday before a date, part of its phrase
                                                 # ("يوم الخميس الموافق 7 فبراير", "Sunday, 17 April")
    kinds: dict[str, tuple[str, ...]]            # event kind -> words that name it
    sequel: tuple[str, ...]                      # an undated event that followed the one before
    fruit: tuple[str, ...]                       # likewise, naming the one before next ("أول ثمرات الاتفاق")
    place_before: tuple[str, ...]                # words before a place the record may not know yet
    locative: tuple[str, ...]                    # in, at, to: before a place whose name stands out
                                                 # (capitalised in English; without the article in Arabic)
    where_to: tuple[str, ...]                    # words before a country that is a place (in, to)
    stop_words: tuple[str, ...]                  # never a new place
    article: str = ""                            # the definite article joined to a name (ال), if any
    prepositions: tuple[str, ...] = ()           # before a name that is no verb's subject ("انضمت إلى البنك
                                                 # الدولي": the bank is what was joined, not who joined)
    joined: tuple[str, ...] = ()                 # prepositions written joined to a name with the article (بالرباط)
    not_names: tuple[str, ...] = ()              # endings of nouns and adjectives, not of names, after the article
    after_name: tuple[str, ...] = ()             # words that may follow a place's name (في أنقرة في …)
    name_tails: tuple[str, ...] = ()             # second words of names of two (إسلام آباد، مكسيكو سيتي)
    named_for: tuple[str, ...] = ()              # events named for their place (قمة العلا), read last
    named_bare: tuple[str, ...] = ()             # likewise, but a name without the article only: with it, the
                                                 # event's subject (مؤتمر الأطراف، منتدى الأعمال), not its place
    occasion_named: str = r"(?!x)x"              # regex: an occasion named for its city, its group "name" ("on the
                                                 # sidelines of the Munich Security Conference"): a meeting there
    weak: tuple[str, ...] = ()                   # kind words read only where no other is (جولة: a round
                                                 # of talks, or a tour: "جولته الآسيوية بزيارة")
    this_one: tuple[str, ...] = ()               # likewise, the noun after them naming the one before
                                                 # (إثر تلك الزيارة، وقع …): the kind is the next clause's
    adjective_endings: tuple[str, ...] = ()      # of an adjective with the article (الكينية، الأردني)
    name_endings: tuple[str, ...] = ()           # of not_names, those a name may end in too (القاهرة)
    occasion: tuple[str, ...] = ()               # an event took place, of no kind named (عقدت، استضافت، الدورة,
                                                 # held, hosted, session): a date beside one is a meeting
    hosts: tuple[str, ...] = ()                  # before the place that hosts what the sentence tells
                                                 # (استضافت الدوحة …، كما استضافت …; Doha hosted)
    to_joined: tuple[str, ...] = ()              # words after which ل joined to a name is "to" (زيارة رسمية للرباط)
    capital: tuple[str, ...] = ()                # "the capital": an adjective after it is the country's
                                                 # (العاصمة الصينية), never the name of a place
    nominative_plural: tuple[str, ...] = ()      # of not_names, the plural ending no preposition is followed by
                                                 # (ون: after في it would be ين): a name there (في العيون)
    same_year: str = r"(?!x)x"                   # regex after a month: the year of the date before
                                                 # ("في ديسمبر من العام نفسه", "in November of that year")
    later_that_year: str = r"(?!x)x"             # regex: in the year of the date before ("later that year")
    same_day: str = r"(?!x)x"                    # regex: on the day of the date before ("وفي اليوم نفسه")
    of_next_year: str = r"(?!x)x"                # regex after a month: the year after the date before's
                                                 # ("في مارس من العام التالي", "in March of the following year")
    next_year: str = r"(?!x)x"                   # regex: the year after the date before's ("في العام التالي")
    same_month: str = r"(?!x)x"                  # regex: the month of the date before ("في الشهر نفسه")
    back: tuple[str, ...] = ()                   # a clause that begins with one tells of the clause before it
                                                 # ("…، وذلك في 10 يناير 2019م", "…, held in Doha on …"): its kind
    visit_verbs: tuple[str, ...] = ()            # verbs whose object is a place, their subject between in Arabic
                                                 # ("وزار فخامة رئيس … أريكيبا يوم …")
    buildings: tuple[str, ...] = ()              # last words of a building's or institution's name, no city
                                                 # ("Malacañang Palace"; Arabic: stop_words, its first words)
    city: tuple[str, ...] = ()                   # "city", between a hosting word and the name ("احتضنت مدينة وهران")
    region: tuple[str, ...] = ()                 # "the region": like city, but only after a verb of visiting
                                                 # ("زار وفد … منطقة توتونغ"; "في منطقة الخليج" names none)
    before_year: tuple[str, ...] = ()            # words after which a bare year is a date ("في 2022", "in 2005");
                                                 # after any other word it is a name's ("قطر 2022", "Vision 2030")
    founded: tuple[str, ...] = ()                # a founding in the date's clause, before it: no event ("الذي
                                                 # تأسس عام 2004م", "relations were established in 1974")
    opening: str = r"(?!x)x"                     # regex: an office, embassy or mission opened or founded, an
                                                 # accreditation ("افتتحت المفوضية مكتبا لها", "تأسست سفارة …",
                                                 # "opened a liaison office"), even where "dates back to" tells it
    during: tuple[str, ...] = ()                 # "during it": an agreement signed in a clause with one is an
                                                 # event of its own, of the event's date and place
    relatives: tuple[str, ...] = ()              # relative pronouns: "التي وقع خلالها", "during which … were
                                                 # signed" describe the event; no signing of its own
    another: tuple[str, ...] = ()                # "another", before a date of no kind: the kind of the event
                                                 # before it in the sentence ("…، وآخر في واشنطن في يونيو 2018م")
    demonstratives: tuple[str, ...] = ()         # before an event's noun, the event told already ("هذه الزيارة",
                                                 # "this visit"): no kind word of the sentence's own event
    the: str = ""                                # the article as a word of its own ("the"), for a noun told already
    after_the: tuple[str, ...] = ()              # before a definite event's noun (or a demonstrative and one): what
                                                 # follows came after it ("وتلا الزيارة", "وأسفرت الزيارة عن",
                                                 # "following the visit"): vocabulary.definite
    during_the: tuple[str, ...] = ()             # likewise, what follows took place during it ("خلال الاجتماع ذاته",
                                                 # "during the talks"): a signing there is an event of its own
    accredited_to: tuple[str, ...] = ()          # before the state an ambassador is accredited to ("لدى", "ambassador to")
    credentials: tuple[str, ...] = ()            # credentials presented, to the receiving state's head, in its capital
    outcome: str = r"(?!x)x"                     # regex: an event told already resulted in a signing ("وأسفرت
                                                 # الزيارة عن توقيع", "The visit resulted in the signing of"): an
                                                 # agreement during it, of its date and place; the match ends
                                                 # where its kind word may begin
    agreed: tuple[str, ...] = ()                 # "it was agreed" (on a mechanism, to meet again): a decision,
                                                 # its agreement word names no signing ("وتم الاتفاق خلالها على آلية")
    dates_back: str = r"(?!x)x"                  # regex: "X dates back to" a year, before the date in its clause:
                                                 # a fact of the page's history, no event ("تعود العلاقات … إلى
                                                 # عام 1972م") — but not the first of events ("تعود أولى
                                                 # الزيارات … إلى 2009/02/10م، حين زار") nor an embassy's opening
                                                 # ("ويعود افتتاح سفارة بروناي في الدوحة إلى عام 2003م": opening)
    when: tuple[str, ...] = ()                   # "when", opening a clause that tells what happened at a date
                                                 # ("تعود بدايات التواصل إلى عام 2008م، حين زار …")
    took_part: str = r"(?!x)x"                   # regex: a kind's word that tells taking part, no event of its
                                                 # kind ("joined the debates of the Doha Forum 2023", "joined a panel")
    embassy: str = r"(?!x)x"                     # regex: an embassy or consulate, in an opening: a state's resident
                                                 # mission, whose opening is an event told in any words (a fund's
                                                 # office whose opening "dates back to" a year is history)
    received: tuple[str, ...] = ()               # "received": the other party's official received is its visit
                                                 # ("استقبل … في الدوحة وزير خارجية بنين")
    both_sides: tuple[str, ...] = ()             # "the two sides": a signing they made, even told in a relative
                                                 # clause ("during which the two sides signed an agreement"), is one
    since: tuple[str, ...] = ()                  # right before a date: a state's start, no event ("لم يعقد … أي
                                                 # قمة منذ عام 1994م", "has been accredited since 2011")
    sidelines: tuple[str, ...] = ()              # "on the sidelines of": the event named next is the occasion of
                                                 # a meeting, at its place ("على هامش منتدى أنطاليا … التقى")
    what: tuple[str, ...] = ()                   # "what", before a word of sequence: "لما تلاها من اتفاقيات"
                                                 # tells what followed in general, no event
    plural_ends: tuple[str, ...] = ()            # a plural noun's ending: "وتوالت بعد ذلك الزيارات …، ومن
                                                 # أبرزها:" introduces a list of events, tells none itself
    there: tuple[str, ...] = ()                  # "there": the place the sentence named last ("ليكون أول سفير
                                                 # … بعد أن افتتحت الدولة سفارتها هناك")
    partner: tuple[str, ...] = ()                # "in cooperation with": the noun after it names who worked with
                                                 # ("بالتعاون مع سفارة دولة قطر"), no event's kind
    tournaments: tuple[str, ...] = ()            # a sports tournament: hosting one is no event of the relation
                                                 # ("استضافت الكاميرون بطولة كأس الأمم", "hosted the Rugby World Cup")
    day_of: str = r"(?!x)x"                      # regex: "the N-th day of" an event told already, N an ordinal's
                                                 # group "n" ("في اليوم الثاني من الزيارة", "on the second day of the visit")
    existing: tuple[str, ...] = ()               # beside an agreement's word, one in force ("تفعيل الاتفاقيات
                                                 # القائمة", "the existing agreements"): no signing told
    figure: str = r"(?!x)x"                      # regex: a count or sum ("نحو 2.9 مليون سائح", "30 million US
                                                 # dollars"): before a date in a clause naming no kind, a statistic's
                                                 # year, no event
    preceded: tuple[str, ...] = ()               # "preceded": a word of sequence after one ("وقد سبق ذلك وتلاه عدد
                                                 # من الزيارات") tells events before and after, none in particular
    led_mission: str = r"(?!x)x"                 # regex: a mission led, or of trade ("led an economic mission to
                                                 # Doha"): a delegation's visit, not a diplomatic mission opened


def ordinal_words_ar() -> dict[str, int]:
    """Arabic ordinals of the days 1-31, in the masculine forms dates take
    (اليوم السادس عشر), with and without hamza."""
    units = {1: ("الأول", "الاول", "الحادي"), 2: ("الثاني",), 3: ("الثالث",), 4: ("الرابع",), 5: ("الخامس",),
             6: ("السادس",), 7: ("السابع",), 8: ("الثامن",), 9: ("التاسع",)}
    words = {form: n for n, forms in units.items() for form in forms if form != "الحادي"}
    words["العاشر"] = 10
    for n, forms in units.items():
        for form in forms:
            if form not in ("الأول", "الاول"):
                words[f"{form} عشر"] = 10 + n
                words[f"{form} والعشرين"] = 20 + n
            if n == 1 and form != "الأول" and form != "الاول":
                words[f"{form} والثلاثين"] = 31
    words.update({"العشرين": 20, "الثلاثين": 30})
    return words


def ordinal_words_en() -> dict[str, int]:
    ones = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
    teens = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth")
    words = {w: i + 1 for i, w in enumerate(ones)}
    words.update({w: i + 10 for i, w in enumerate(teens)})
    words.update({"twentieth": 20, "thirtieth": 30, "thirty-first": 31, "thirty first": 31})
    words.update({f"twenty{sep}{w}": 21 + i for i, w in enumerate(ones) for sep in ("-", " ")})
    return words


AR_SEQUEL_HEADS = ("بعد", "إثر", "عقب", "بموجب", "تلا", "تبع", "أعقب", "في أعقاب")

ARABIC = Vocabulary(
    months=(("يناير", "كانون الثاني"), ("فبراير", "شباط"), ("مارس", "آذار"), ("أبريل", "إبريل", "نيسان"),
            ("مايو", "أيار"), ("يونيو", "يونيه", "حزيران"), ("يوليو", "يوليه", "تموز"), ("أغسطس", "آب"),
            ("سبتمبر", "أيلول"), ("أكتوبر", "تشرين الأول"), ("نوفمبر", "تشرين الثاني"), ("ديسمبر", "كانون الأول")),
    hijri_months=(("محرم",), ("صفر",), ("ربيع الأول",), ("ربيع الآخر", "ربيع الثاني"),
                  ("جمادى الأولى", "جمادى الأول"), ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر"), ("رجب",),
                  ("شعبان",), ("رمضان",), ("شوال",), ("ذو القعدة", "ذي القعدة"), ("ذو الحجة", "ذي الحجة")),
    hijri_era=r"\s*(?:هـ|ه(?![\u0621-\u064A]))",
    gregorian_era=r"\s*(?:م(?![\u0621-\u064A]))?",
    ordinals=ordinal_words_ar(),
    year_words=r"(?:(?:في|خلال|من|منذ)\s+)?(?:ال)?(?:عام|سنة)\s+",
    # "خلال العامين 2014 و2015م", and with the preposition alone: "في 2022 و2023م".
    two_years=r"(?:(?:في|خلال)\s+(?:(?:العامين|عامي|السنتين|سنتي)\s+)?|(?:العامين|عامي|السنتين|سنتي)\s+)",
    and_word=r"\s*و\s*",
    period_words=r"(?:(?:في|خلال|ل)?ل?(?:ال)?فترة\s+(?:من\s+)?|من\s+(?:عام\s+)?)",
    range_joiners=r"\s*(?:-|–|—|إلى|الى|حتى)\s*",
    of_word=r"\s+(?:من\s+)?(?:شهر\s+)?",
    equivalent=r"[\s(),،]*(?:الموافق(?:ة)?\s*(?:ل)?|الموافق ل)?[\s(),،]*",
    weekday=r"(?:يوم\s+)?(?:الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)[\s,،]*(?:الموافق\s*(?:ل)?\s*)?",
    kinds={
        "accession": ("انضمت", "انضم", "انضمام", "الانضمام", "انضمامها"),
        # "حل … ضيفا على داكار": was a guest of a place, a visit (not "ضيف شرف", a guest of honour).
        "visit": ("زيارة", "الزيارة", "زار", "زارت", "بزيارة", "الزيارات", "ضيفا على",
                  "بجولة", "توجه إلى", "توجهت إلى", "توجه وفد", "توجهت بعثة"),     # "قام … بجولة في": a tour made (not جولة, a round of talks)
        "conference": ("مؤتمر", "المؤتمر", "منتدى", "المنتدى", "ندوة", "الندوة", "القمة", "قمة"),
        "meeting": ("اجتماع", "الاجتماع", "اجتماعات", "لقاء", "اللقاء", "مشاورات", "المشاورات", "محادثات",
                    "جولة", "الجولة", "الحوار", "اللجنة المشتركة", "لجنة", "اللجنة"),
        # Not دورة alone, nor دورات: "الدورة السابعة للجنة", "الدورات المتعاقبة لجمعية الصحة العالمية"
        # are sessions (a meeting); "دورة تدريبية", "دورات تدريبية" are courses.
        "training": ("تدريب", "التدريب", "تدريبي", "التدريبي", "تدريبية", "التدريبية", "دورة تدريبية",
                     "الدورة التدريبية", "دورات تدريبية", "الدورات التدريبية", "ورشة", "ورشة عمل", "تمرين", "التمرين", "مناورات"),
        "agreement": ("اتفاق", "الاتفاق", "اتفاقية", "الاتفاقية", "مذكرة تفاهم", "مذكرة التفاهم", "إجازة",
                      "بإجازة", "وقع", "وقعت", "توقيع", "التوقيع", "بروتوكول", "برنامج الشراكة"),
        "accreditation": ("اعتماد", "معتمدة", "معتمد", "أوراق اعتماده", "أوراق اعتمادها", "سفارة", "سفارتها",
                          "بعثة", "افتتاح السفارة", "تعيين"),
    },
    # A word of sequence and ذلك (a pronoun: what follows is the new event), or and a
    # demonstrative before a noun (إثر تلك الزيارة: the noun names the one before).
    sequel=tuple(f"{head} ذلك" for head in AR_SEQUEL_HEADS) + ("نتيجة لذلك", "لاحقا")
           + tuple(f"{verb}{pronoun}" for verb in ("تلا", "تلت", "أعقب", "أعقبت", "تبع", "تبعت")
                   for pronoun in ("ه", "ها", "هما")),     # تلاه، تلتها، أعقبهما: "followed it"
    fruit=("ثمرات", "ثمار", "ثمرة", "في أعقاب", "نتيجة", "بموجب"),
    this_one=tuple(f"{head} {this}" for head in AR_SEQUEL_HEADS for this in ("تلك", "هذه", "هذا")),
    place_before=("عقد في", "عقدت في", "انعقد في", "انعقدت في", "أقيم في", "أقيمت في", "في مدينة",
                  "إلى مدينة", "الى مدينة", "في جزيرة", "إلى جزيرة",
                  "استضافته", "استضافتها", "احتضنته", "احتضنتها", "قبالة سواحل", "قبالة ساحل", "بالقرب من", "في قاعدة", "العاصمة", "بالعاصمة", "للعاصمة", "بمدينة", "لمدينة",
                  "نظم في", "نظمت في",
                  # A resort is named for its place: "في منتجع أوازا", "في منتجع شرم الشيخ".
                  "في منتجع",
                  # The participles: "المؤتمر المنعقد في …", "القمة المقامة في …".
                  "المنعقد في", "المنعقدة في", "المقام في", "المقامة في"),
    locative=("في", "إلى", "الى"),
    capital=("العاصمة", "بالعاصمة", "للعاصمة"),
    where_to=("في", "إلى", "الى", "لزيارة", "بزيارة"),
    prepositions=("في", "إلى", "الى", "إليه", "إليها", "من", "مع", "لدى", "عن", "على"),
    # Words that follow في / إلى in ministry prose without being places.
    stop_words=("دولة", "مدينة", "جزيرة", "العاصمة",
                # A quarter of a land is a region, not a city ("في شرق إفريقيا"); a country so named is known.
                "شرق", "غرب", "شمال", "جنوب", "وسط",
                # A continent is no city either ("مؤتمر … بناء الثقة في آسيا").
                "آسيا", "أفريقيا", "إفريقيا", "أوروبا", "أمريكا", "الأمريكتين", "مقر", "شهر", "عام", "سنة", "الفترة", "عامي", "العامين", "سنتي", "السنتين", "إطار", "مجال", "مجالات", "ظل",
                "حين", "حضور", "مشاركة", "نفس", "ذات", "أول", "الأول", "المرة", "هذا", "هذه", "تلك", "ذلك",
                "غاية", "شتى", "مختلف", "جميع", "كافة", "عدد", "ضوء", "حال", "أعقاب", "نهاية", "بداية", "مطلع",
                "منتصف", "أواخر", "أوائل", "ختام", "سبيل", "مقدمة", "صدارة", "مواجهة", "تعزيز", "دعم", "تطوير",
                "منطقة", "مزيد", "أكثر", "أهم", "كل", "بعض", "عرض", "تحقيق", "شكل", "مجموعة", "وقت", "يوم",
                "حد", "أي", "أعلى", "رئاسة", "شأن", "مستوى", "إطارها", "حينه", "مختلفة", "دول", "بلد", "بلدان",
                "تعاون", "تنسيق", "فعل", "قرب", "تزامن", "إجماع", "خارج", "داخل", "عالم", "تالي", "رغم", "نظر",
                "مقابل", "إضافة", "اتجاه", "جانب", "طرفين", "جانبين", "بلدين", "شعبين",
                # Prepositions of subject after an event's noun: "مؤتمر حول ليبيا" names no place.
                "حول", "بشأن",
                # Sessions (a meeting's word, not a kind's): "في دورات تدريبية" is no place.
                "دورة", "دورات", "الدورة", "الدورات",
                # Buildings and institutions: "في قصر بلانالتو", "في معهد …" are not the city.
                "قصر", "مبنى", "قاعة", "فندق", "مركز", "معهد", "جامعة", "مكتب", "ديوان", "مجلس", "وزارة",
                # A resort, a project: a noun before a name or its purpose ("في منتجع أوازا", "في مشروع لتأهيل").
                "منتجع", "مشروع", "مشاريع"),
    article="ال",
    # بالرباط، وبالدوحة; not ل: للتعاون is "for the" far more often than للرباط is "to Rabat".
    joined=("ب", "وب", "فب"),
    # الطاقة، المجالات، الدبلوماسية، الدبلوماسي، المسؤولين، المشاركون: nouns, plurals, adjectives.
    not_names=("ة", "ات", "ية", "ي", "ين", "ون"),
    adjective_endings=("ية", "ي"),
    # Summits are named for their host city (قمة العلا، قمة الرياض); conferences often for
    # their subject (مؤتمر الأطراف): summits only.
    named_for=("قمة",),
    # A conference or forum named by a word without the article is named for its place
    # (مؤتمر برلين، منتدى الدوحة، مؤتمر إسطنبول الثاني); with it, for its subject (مؤتمر المانحين).
    named_bare=("مؤتمر", "منتدى"),
    weak=("جولة", "الجولة", "لجنة", "اللجنة"),
    name_tails=("آباد", "سيتي", "تاون", "أبابا", "لامبور", "آيرس", "بنه", "الشيخ", "العاصمة", "الله"),
    name_endings=("ة",),
    nominative_plural=("ون",),
    after_name=("في", "خلال", "يوم", "يومي", "بتاريخ", "من", "منذ", "عام", "سنة", "حيث", "التي", "الذي", "على",
                "مع", "إلى", "الى", "بين", "لمدة", "وذلك", "بمشاركة", "برئاسة", "بحضور"),
    # Not أقيم / إقامة: "أقيمت العلاقات الدبلوماسية" is relations established, not an event held.
    occasion=("عقد", "عقدت", "انعقد", "انعقدت", "انعقاد", "استضافت", "استضاف", "استضافة", "نظم", "نظمت", "تنظيم", "شارك", "شاركت", "مشاركة", "المشاركة", "الدورة", "دورة",
              "أعمال", "فعالية", "الفعالية", "فعاليات", "اجتمع", "التقى", "استقبل", "استقبلت"),
    hosts=("استضافت", "استضاف", "احتضنت", "احتضن"),
    embassy=r"(?:سفار|قنصلي)",
    received=("استقبل", "استقبلت"),
    both_sides=("الجانبان", "البلدان", "الطرفان", "الدولتان", "الحكومتان"),
    since=("منذ",),
    sidelines=("على هامش", "على هوامش"),
    what=("ما", "لما", "بما", "مما", "فيما"),
    plural_ends=("ات",),
    there=("هناك", "هنالك"),
    partner=("بالتعاون مع", "بالتنسيق مع", "بالشراكة مع", "بدعم من"),
    tournaments=("بطولة", "كأس", "الألعاب الأولمبية", "دورة الألعاب"),
    to_joined=("زيارة", "بزيارة", "الزيارة", "زيارته", "زيارتها", "وصل", "وصلت", "توجه", "توجهت"),
    same_year=r"\s+(?:من\s+)?(?:(?:ال)?(?:عام|سنة)\s+(?:نفسه|ذاته|نفسها|ذاتها)|(?:ذلك|هذا)\s+العام|(?:تلك|هذه)\s+السنة)",
    later_that_year=r"(?:في|خلال)\s+(?:وقت\s+لاحق\s+من\s+)?(?:(?:ال)?(?:عام|سنة)\s+(?:نفسه|ذاته|نفسها|ذاتها)|(?:ذلك|هذا)\s+العام|(?:تلك|هذه)\s+السنة)",
    same_day=r"(?:في\s+)?(?:(?:ال)?يوم\s+(?:نفسه|ذاته)|(?:ذات|نفس)\s+اليوم)",
    of_next_year=r"\s+(?:من\s+)?(?:ال)?(?:عام|سنة)\s+(?:التالي|التالية|اللاحق|اللاحقة)",
    next_year=r"(?:في|خلال)\s+(?:ال)?(?:عام|سنة)\s+(?:التالي|التالية|اللاحق|اللاحقة)",
    same_month=r"(?:في|خلال)\s+(?:(?:ال)?شهر\s+(?:نفسه|ذاته)|(?:ذلك|هذا)\s+الشهر|(?:ذات|نفس)\s+الشهر)",
    city=("مدينة", "جزيرة"),
    region=("منطقة",),
    visit_verbs=("زار", "زارت"),
    back=("وذلك", "ذلك", "الذي عقد", "التي عقدت", "الذي انعقد", "التي انعقدت", "المنعقد", "المنعقدة"),
    before_year=("في", "خلال", "منذ", "حتى", "قبل", "بعد", "عام", "العام", "سنة", "عامي", "من", "إلى", "الى", "و",
                 "مطلع", "أوائل", "أواخر", "منتصف", "نهاية", "بداية", "ختام", "بين"),
    # Also the start of relations ("تعود العلاقات … إلى عام 1981م"), a founding told as a noun
    # ("منذ تأسيس اللجنة … عام 2012م") and a statistic's year ("وفق أرقام عام 2022م"): no event.
    # Only a signing: "أسفر المؤتمر عن اتفاق الدوحة" is an accord reached, no signing told.
    # Or the event "saw" the signing ("وقد شهدت الزيارة التوقيع على"), its noun named: "شهدت العلاقات
    # توقيع …" tells of no event.
    outcome=r"(?<!\w)(?:و|ف|إذ\s+)?(?:أسفر|أسفرت)\s+(?:[^\s]+\s+){1,2}?عن(?=\s+(?:ال)?توقيع)|"
            r"(?<!\w)(?:و|ف)?(?:قد\s+)?(?:شهد|شهدت)\s+(?:هذه\s+|تلك\s+)?(?:ال)?(?:زيار|اجتماع|قم|مؤتمر|منتدى|"
            r"لقاء|مباحثات|محادثات|دور)[^\s]*(?=\s+(?:ال)?توقيع)",
    dates_back=r"(?<!\w)(?:و|ف)?(?:يعود|تعود)\s+(?!(?:أول|أولى|اول|اولى)(?!\w))",
    when=("حين", "عندما", "حينما", "حيث"),
    agreed=("تم الاتفاق", "جرى الاتفاق", "اتفق الجانبان", "اتفق البلدان", "اتفق الطرفان"),
    founded=("تأسس", "تأسست", "أسس", "أسست", "أنشئ", "أنشئت", "أقيمت العلاقات", "أقيمت علاقات",
             "منذ تأسيس", "منذ إنشاء", "تعود العلاقات", "تعود علاقات", "وفق أرقام", "وفق إحصاءات",
             "حسب أرقام", "حسب إحصاءات", "وفقا لأرقام", "وفقا لإحصاءات",
             "استقلال", "الاستقلال", "استقلالها", "استقلت", "استقل",
             # A state's exit from a body ("قبل أن تعلن انسحابها منها في عام 2023م"): its own history.
             "انسحاب", "انسحبت", "انسحب",
             # A state's term at a body's head ("التحضيرات لتولي كرواتيا رئاسة مجلس الاتحاد الأوروبي في
             # النصف الأول من عام 2020م"): its own history too.
             "لتولي", "تولي رئاسة", "تولت رئاسة", "تولى رئاسة"),
    opening=r"(?<!\w)(?:و|ف)?(?:افتتح|افتتاح|تفتتح|يفتتح|تأسست|تأسيس|أسست|أنشئت|إنشاء|أنشأت)\w*\s+(?:[^\s،,.]+\s+){0,3}?(?:و|ف)?(?:ب|ل)?(?:ال)?(?:مكتب|بعث|سفار|قنصلي|ممثلي)\w*",
    # "حيث جرى توقيع" (where … was signed), in the event's sentence: during it.
    during=("خلالها", "خلاله", "وخلالها", "وخلاله", "أثناءها", "خلال الزيارة", "خلال زيارته", "خلال تلك الزيارة",
            "حيث جرى", "حيث تم", "حيث وقع", "حيث وقعت"),
    another=("آخر", "وآخر", "أخرى", "وأخرى"),
    relatives=("التي", "الذي", "اللذين", "اللتين"),
    demonstratives=("هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين", "وهو", "وهي"),
    after_the=AR_SEQUEL_HEADS + ("تلت", "أعقبت", "تبعت"),
    during_the=("خلال", "أثناء", "وخلال", "وأثناء", "في ختام", "وفي ختام"),
    accredited_to=("لدى",),
    credentials=("أوراق اعتماده", "أوراق اعتمادها", "أوراق اعتماد", "أوراق الاعتماد"),
    day_of=r"(?:في\s+)?اليوم\s+(?P<n>\S+(?:\s+عشر)?)\s+(?:من|ل)",
    figure=r"\d[\d.,]*\s*(?:مليون|مليار|الف|آلاف|الاف|الفا|%|في\s+المائة|بالمائة)(?!\w)",
    preceded=("سبق", "سبقه", "سبقها", "سبقت"),
    existing=("القائمة", "القائم", "النافذة", "النافذ", "السارية", "الساري", "المعمول بها"),
    led_mission=r"(?<!\w)(?:و|ف)?(?:ترأس|ترأست|قاد|قادت|رأس)\s+(?:[^\s،,.]+\s+){0,2}?بعث\w*|"
                r"(?<!\w)(?:ب|ل)?(?:ال)?بعث\w*\s+(?:ال)?(?:تجاري|اقتصادي|استثماري)\w*",
)

ENGLISH = Vocabulary(
    months=(("January", "Jan."), ("February", "Feb."), ("March", "Mar."), ("April", "Apr."), ("May",),
            ("June", "Jun."), ("July", "Jul."), ("August", "Aug."), ("September", "Sept.", "Sep."),
            ("October", "Oct."), ("November", "Nov."), ("December", "Dec.")),
    hijri_months=(("Muharram",), ("Safar",), ("Rabi' al-Awwal", "Rabi al-Awwal", "Rabi' I"),
                  ("Rabi' al-Thani", "Rabi al-Thani", "Rabi' al-Akhir", "Rabi' II"),
                  ("Jumada al-Ula", "Jumada al-Awwal", "Jumada I"),
                  ("Jumada al-Akhirah", "Jumada al-Thani", "Jumada al-Thaniyah", "Jumada II"),
                  ("Rajab",), ("Sha'ban", "Shaban"), ("Ramadan",), ("Shawwal",),
                  ("Dhu al-Qa'dah", "Dhul-Qa'dah", "Dhu al-Qadah"), ("Dhu al-Hijjah", "Dhul-Hijjah")),
    hijri_era=r"\s*(?:AH|A\.H\.|H)\b",
    gregorian_era=r"(?:\s*(?:AD|CE)\b)?",
    ordinals=ordinal_words_en(),
    year_words=r"(?:(?:in|during|since)\s+)?(?:the\s+)?year\s+",
    two_years=r"(?:(?:in|during)\s+)(?:both\s+)?",
    and_word=r"\s+and\s+",
    period_words=r"(?:(?:for|during|over|covering)\s+the\s+period\s+(?:from\s+)?|from\s+)",
    range_joiners=r"\s*(?:-|–|—|to|until|through)\s*",
    of_word=r"\s+(?:of\s+)?",
    equivalent=r"[\s(),]*(?:corresponding to|i\.e\.|equivalent to)?[\s(),]*",
    weekday=r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)[\s,]*(?:the\s+)?",
    kinds={
        "accession": ("joined", "join", "joining", "accession", "acceded", "became a member", "membership"),
        "visit": ("visit", "visited", "visits", "official visit", "state visit", "arrived in", "toured",
                  "travelled to", "traveled to"),
        "conference": ("conference", "forum", "symposium", "summit", "seminar"),
        "meeting": ("meeting", "met", "meetings", "talks", "consultations", "round", "dialogue",
                    "joint committee", "committee", "session"),
        "training": ("training", "trained", "train", "course", "courses", "workshop", "exercise", "exercises", "drill"),
        "agreement": ("agreement", "signed", "memorandum of understanding", "memorandum", "MoU", "treaty",
                      "protocol", "approved", "approval", "partnership programme", "partnership program"),
        "accreditation": ("accredited", "accreditation", "credentials", "embassy", "mission", "ambassador",
                          "appointed"),
    },
    sequel=("followed by", "subsequently", "thereafter", "after that", "later", "which led to", "following this"),
    fruit=("following", "first fruit", "first result", "as a result of", "in the wake of"),
    place_before=("held in", "took place in", "hosted in", "convened in", "organised in", "organized in",
                  "in the city of", "visit to", "visited", "met in"),
    locative=("in", "at", "to"),
    where_to=("in", "to", "visited", "visit to"),
    prepositions=("in", "to", "of", "from", "with", "by", "at", "on", "for"),
    embassy=r"(?:embassy|consulate)",
    received=("received",),
    both_sides=("the two sides", "the two countries", "both sides", "both countries", "the two governments"),
    since=("since",),
    sidelines=("on the sidelines of", "on the margins of", "on the fringes of"),
    what=("what",),
    plural_ends=("s",),
    there=("there",),
    partner=("in cooperation with", "in collaboration with", "in coordination with", "in partnership with",
             "with the support of"),
    tournaments=("World Cup", "Cup", "Championship", "Championships", "tournament", "Olympic Games", "Olympics",
                 "Games"),
    occasion=("held", "hosted", "convened", "took place", "organised", "organized", "participated", "attended",
              "session", "sessions", "event", "received"),
    same_year=r"\s+(?:of\s+)?(?:the\s+same\s+year|that\s+(?:same\s+)?year)",
    later_that_year=r"(?:later\s+(?:in\s+)?(?:that|the\s+same)\s+year|(?:in|during)\s+(?:that\s+same|the\s+same)\s+year)",
    same_day=r"(?:on\s+)?(?:the|that)\s+same\s+day|on\s+that\s+day",
    of_next_year=r"\s+(?:of\s+)?the\s+(?:following|next|subsequent)\s+year",
    next_year=r"(?:(?:in|during)\s+)?the\s+(?:following|next|subsequent)\s+year|a\s+year\s+later",
    same_month=r"(?:later\s+)?(?:in|during)\s+(?:the\s+same|that(?:\s+same)?)\s+month|later\s+that\s+month",
    name_tails=("City",),
    occasion_named=r"\bsidelines\s+of\s+the\s+(?P<name>[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){1,2}\s+"
                   r"(?:Conference|Summit|Forum|Dialogue)\b",
    city=("the city of", "the town of"),
    buildings=("Palace", "Hall", "Centre", "Center", "College", "Institute", "University", "Hotel", "House",
               "Headquarters", "Building", "Academy", "Museum", "Stadium", "Airport"),
    back=("held", "which was held", "which took place", "which was", "this was"),
    before_year=("in", "during", "since", "until", "till", "by", "before", "after", "from", "to", "between",
                 "and", "or", "of", "around", "early", "late", "mid", "circa", "through", "throughout", "year", "both"),
    founded=("was established", "were established", "was founded", "were founded", "was created",
             "established in", "founded in", "established on", "founded on", "since the founding",
             "since the establishment", "date back to", "dates back to", "go back to", "goes back to",
             "according to figures", "according to statistics", "according to data", "independence",
             "has been accredited", "have been accredited", "withdrew from", "withdrawal from", "withdrawn from",
             "took over the presidency", "assumed the presidency", "its presidency of", "presidency of the Council"),
    opening=r"(?<!\w)(?:opened|opens|opening|inaugurated|established|establishment of|set up)\s+(?:[^\s,.]+\s+){0,3}?(?:office|mission|embassy|consulate|representation)\b",
    during=("during the visit", "during that visit", "during which", "during his visit", "during her visit",
            "on that occasion", "on the occasion"),
    another=("another", "a second", "a further"),
    relatives=("which", "whom"),
    demonstratives=("this", "these", "those"),
    the="the",
    outcome=r"\b(?:resulted|results) in(?= the signing)|"
            r"\b(?:visit|meeting|talks|summit|session)\s+(?:also\s+)?(?:saw|witnessed)(?= the signing)",
    after_the=("following", "after"),
    during_the=("during", "at the end of", "at the close of"),
    accredited_to=("ambassador to",),
    credentials=("credentials",),
    day_of=r"(?:on\s+)?the\s+(?P<n>[\w-]+)\s+day\s+of",
    figure=r"\d[\d.,]*\s*(?:million|billion|thousand|%|per\s*cent)\b",
    preceded=("preceded", "was preceded", "were preceded"),
    existing=("existing", "in force", "already in place"),
    led_mission=r"\b(?:led|leads|leading|headed|heads|heading)\s+(?:[^\s,.]+\s+){0,3}?missions?\b|"
                r"\b(?:economic|trade|business|investment|commercial)\s+missions?\b",
    took_part=r"\bjoin(?:ed|s|ing)?\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:debates?|discussions?|panels?|"
              r"sessions?|talks|delegations?|efforts|celebrations|deliberations|proceedings)\b",
    stop_words=("The", "This", "That", "These", "Both", "Its", "His", "Her", "Their", "State", "City", "Kingdom",
                "Republic", "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December", "Muharram", "Ramadan", "Rajab", "Safar",
                "Shawwal", "Headquarters", "Secretary", "Minister", "Ministry", "Ambassador", "His Highness",
                "Both", "Each", "All", "Its", "Their", "Our", "Which", "In", "On", "At",
                # A person's title: credentials presented "to President …" go to a person, not a place.
                "President", "Vice", "Prime", "Queen", "King", "Emir", "Amir", "Sheikh", "Chancellor", "Governor",
                # A continent is no city ("Confidence Building Measures in Asia").
                "Asia", "Africa", "Europe", "America", "Americas",
                # A quarter of a land is a region, no city ("discussed developments in Eastern Europe").
                "Eastern", "Western", "Northern", "Southern", "Central",
                # Words that begin an occasion's name, none a city ("the International Energy Forum").
                "International", "Global", "World", "Annual", "Economic", "Regional", "Ministerial", "United",
                "Arab", "Islamic", "European", "African", "Asian", "Atlantic", "Pacific",
                # Languages: a course "in English" is taught in one, not held at a place.
                "English", "Arabic", "French", "Spanish", "Portuguese", "Russian", "Chinese", "German"),
)

VOCABULARIES = {"ar": ARABIC, "en": ENGLISH}
