"""The categories and questionnaires every new municipality starts with (the eleven of seed 001).

Everything here is data: a category's questionnaire is assembled from its headline, its
sub-ratings and its answer options by `category_definition`. The texts are stored in the
database in both languages (they are content staff may edit), so they are not gettext strings.
"""

from dataclasses import dataclass

from django.db import transaction
from django_scopes import scope

from civicpulse.core.models import Category, Organization
from civicpulse.core.models.organizations import CategoryIcon
from civicpulse.feedback.models import Questionnaire
from civicpulse.feedback.questionnaires import questionnaire_create

Texts = dict[str, str]


def texts(bg: str, en: str) -> Texts:
    return {"bg": bg, "en": en}


@dataclass(frozen=True)
class Rating:
    key: str
    kind: str  # "stars" or "smileys"
    text: Texts


@dataclass(frozen=True)
class Option:
    key: str
    label: Texts


@dataclass(frozen=True)
class CategoryDefault:
    slug: str
    name: Texts
    icon: str
    headline: Texts
    ratings: tuple[Rating, ...]
    problems: tuple[Option, ...]
    highlights: tuple[Option, ...]
    come_again: Texts | None = None
    recommend: Texts | None = None  # asked as an NPS question


def stars(key: str, bg: str, en: str) -> Rating:
    return Rating(key, "stars", texts(bg, en))


def smileys(key: str, bg: str, en: str) -> Rating:
    return Rating(key, "smileys", texts(bg, en))


def options(*rows: tuple[str, str, str]) -> tuple[Option, ...]:
    return tuple(Option(key, texts(bg, en)) for key, bg, en in rows)


LOW_BAND = {"min": 0, "max": 6}
HIGH_BAND = {"min": 9, "max": 10}
PROBLEM = texts("Какъв е проблемът?", "What is the problem?")
LIKED = texts("Какво Ви хареса най-много?", "What did you like most?")
COMMENT = texts("Искате ли да добавите нещо?", "Anything you would like to add?")
OTHER = Option("other", texts("Друго", "Something else"))

CATEGORY_DEFAULTS: tuple[CategoryDefault, ...] = (
    CategoryDefault(
        slug="playgrounds",
        name=texts("Детски площадки", "Playgrounds"),
        icon=CategoryIcon.PLAYGROUND,
        headline=texts(
            "Как оценявате тази детска площадка?", "How would you rate this playground?"
        ),
        ratings=(
            stars("cleanliness", "Чистота", "Cleanliness"),
            stars("safety", "Безопасност на съоръженията", "Safety of the equipment"),
            smileys("equipment", "Разнообразие на съоръженията", "Variety of play equipment"),
        ),
        problems=options(
            ("broken-equipment", "Счупени или опасни съоръжения", "Broken or unsafe equipment"),
            ("litter", "Боклук и неподдържана площ", "Litter and poor upkeep"),
            ("no-shade", "Няма сянка или пейки", "No shade or benches"),
            ("surface", "Повредена настилка", "Damaged ground surface"),
            ("lighting", "Лошо осветление вечер", "Poor lighting in the evening"),
        ),
        highlights=options(
            ("equipment", "Съоръженията", "The play equipment"),
            ("clean", "Чистотата", "How clean it is"),
            ("safe", "Безопасната среда", "It feels safe"),
            ("shade", "Сянката и пейките", "Shade and benches"),
        ),
        come_again=texts(
            "Ще дойдете ли отново с детето си?", "Will you come back with your child?"
        ),
    ),
    CategoryDefault(
        slug="healthcare",
        name=texts("Здравеопазване", "Healthcare"),
        icon=CategoryIcon.HEALTH,
        headline=texts(
            "Как оценявате обслужването в това здравно заведение?",
            "How would you rate the service at this healthcare facility?",
        ),
        ratings=(
            stars("waiting-time", "Време за изчакване", "Waiting time"),
            smileys("staff-attitude", "Отношение на персонала", "Attitude of the staff"),
            stars("hygiene", "Хигиена в помещенията", "Cleanliness of the premises"),
        ),
        problems=options(
            ("long-wait", "Дълго чакане", "Long wait"),
            ("rude-staff", "Неучтив персонал", "Impolite staff"),
            ("booking", "Трудно записване за час", "Hard to get an appointment"),
            ("dirty", "Лоша хигиена", "Poor hygiene"),
            ("information", "Неясна информация", "Unclear information"),
        ),
        highlights=options(
            ("doctors", "Лекарите", "The doctors"),
            ("nurses", "Медицинските сестри", "The nurses"),
            ("speed", "Бързото обслужване", "Quick service"),
            ("clean", "Чистотата", "How clean it is"),
        ),
    ),
    CategoryDefault(
        slug="parks",
        name=texts("Паркове и зелени площи", "Parks and green areas"),
        icon=CategoryIcon.PARK,
        headline=texts(
            "Как оценявате този парк или зелена площ?",
            "How would you rate this park or green area?",
        ),
        ratings=(
            stars("cleanliness", "Чистота", "Cleanliness"),
            stars("greenery", "Поддръжка на зелените площи", "Care of the lawns and trees"),
            smileys("comfort", "Пейки, осветление и алеи", "Benches, lighting and paths"),
        ),
        problems=options(
            ("litter", "Боклук и препълнени кошчета", "Litter and full bins"),
            ("unkempt", "Неокосена трева, сухи дървета", "Uncut grass, dead trees"),
            ("benches", "Счупени пейки", "Broken benches"),
            ("lighting", "Слабо осветление", "Poor lighting"),
            ("dogs", "Кучета без каишка", "Dogs off the lead"),
        ),
        highlights=options(
            ("greenery", "Зеленината", "The greenery"),
            ("quiet", "Спокойствието", "The peace and quiet"),
            ("clean", "Чистотата", "How clean it is"),
            ("paths", "Алеите за разходка", "The walking paths"),
        ),
        come_again=texts("Ще дойдете ли отново?", "Would you come again?"),
    ),
    CategoryDefault(
        slug="kindergartens",
        name=texts("Детски градини", "Kindergartens"),
        icon=CategoryIcon.KINDERGARTEN,
        headline=texts(
            "Как оценявате тази детска градина?", "How would you rate this kindergarten?"
        ),
        ratings=(
            smileys("teachers", "Отношение на учителите", "How the teachers treat the children"),
            stars("food", "Храна", "Food"),
            stars("building", "Сграда и двор", "Building and yard"),
        ),
        problems=options(
            ("communication", "Слаба комуникация с родителите", "Poor contact with parents"),
            ("food", "Качество на храната", "Quality of the food"),
            ("building", "Състояние на сградата", "Condition of the building"),
            ("yard", "Опасен или неподдържан двор", "Unsafe or neglected yard"),
            ("groups", "Пренаселени групи", "Overcrowded groups"),
        ),
        highlights=options(
            ("teachers", "Учителите", "The teachers"),
            ("activities", "Заниманията с децата", "The activities"),
            ("food", "Храната", "The food"),
            ("yard", "Дворът", "The yard"),
        ),
    ),
    CategoryDefault(
        slug="district-mayors",
        name=texts("Кметове на райони", "District mayors"),
        icon=CategoryIcon.TOWN_HALL,
        headline=texts(
            "Как оценявате работата на кметството?", "How would you rate this mayor's office?"
        ),
        ratings=(
            smileys("courtesy", "Учтивост", "Courtesy"),
            stars("speed", "Бързина на обслужване", "Speed of service"),
            stars("clarity", "Яснота на информацията", "Clarity of the information"),
        ),
        problems=options(
            ("unresolved", "Сигналът ми не е решен", "My report was not dealt with"),
            ("slow", "Бавно обслужване", "Slow service"),
            ("hours", "Неудобно работно време", "Inconvenient opening hours"),
            ("unreachable", "Кметът е недостъпен", "The mayor is hard to reach"),
        ),
        highlights=options(
            ("responsive", "Бързата реакция", "Quick response"),
            ("courtesy", "Учтивостта", "Courtesy"),
            ("results", "Видимите резултати", "Visible results"),
        ),
    ),
    CategoryDefault(
        slug="public-transport",
        name=texts("Градски транспорт", "Public transport"),
        icon=CategoryIcon.BUS,
        headline=texts(
            "Как оценявате пътуването с градския транспорт днес?",
            "How would you rate your public transport trip today?",
        ),
        ratings=(
            stars("punctuality", "Точност по разписание", "Punctuality"),
            stars("cleanliness", "Чистота в превозното средство", "Cleanliness of the vehicle"),
            smileys("driver", "Отношение на водача", "The driver's conduct"),
        ),
        problems=options(
            ("late", "Закъснение или отпаднал курс", "Late or cancelled service"),
            ("crowded", "Претъпкано", "Overcrowded"),
            ("dirty", "Мръсно превозно средство", "Dirty vehicle"),
            ("driver", "Грубо или рисково шофиране", "Rude or reckless driving"),
            ("stop", "Неподдържана спирка", "Neglected stop"),
            ("timetable", "Липсва разписание", "No timetable posted"),
        ),
        highlights=options(
            ("on-time", "Точността", "Being on time"),
            ("clean", "Чистотата", "Cleanliness"),
            ("driver", "Любезният водач", "A friendly driver"),
            ("comfort", "Удобството", "Comfort"),
        ),
    ),
    CategoryDefault(
        slug="administrative-service",
        name=texts("Административно обслужване", "Administrative service"),
        icon=CategoryIcon.SERVICE_DESK,
        headline=texts(
            "Как оценявате административното обслужване днес?",
            "How would you rate the administrative service you received today?",
        ),
        ratings=(
            stars("waiting-time", "Време за изчакване", "Waiting time"),
            stars("competence", "Компетентност на служителя", "Competence of the staff"),
            smileys("courtesy", "Учтивост", "Courtesy"),
        ),
        recommend=texts(
            "Доколко бихте препоръчали обслужването тук на приятел или познат?",
            "How likely are you to recommend this service to a friend?",
        ),
        problems=options(
            ("queue", "Дълга опашка", "Long queue"),
            ("documents", "Неясно кои документи са нужни", "Unclear which documents are needed"),
            ("redirected", "Препращане от гише на гише", "Sent from desk to desk"),
            ("courtesy", "Неучтиво отношение", "Impolite treatment"),
            ("online", "Услугата не е достъпна онлайн", "The service is not available online"),
        ),
        highlights=options(
            ("speed", "Бързината", "Speed"),
            ("competence", "Компетентността", "Competence"),
            ("courtesy", "Любезността", "Friendliness"),
            ("clear", "Ясните указания", "Clear guidance"),
        ),
    ),
    CategoryDefault(
        slug="railway-stations",
        name=texts("ЖП гари", "Railway stations"),
        icon=CategoryIcon.TRAIN,
        headline=texts("Как оценявате тази железопътна гара?", "How would you rate this station?"),
        ratings=(
            stars("cleanliness", "Чистота", "Cleanliness"),
            stars("information", "Информация за влаковете", "Train information"),
            smileys("waiting-room", "Чакалня и удобства", "Waiting room and facilities"),
        ),
        problems=options(
            ("dirty", "Мръсно", "Dirty"),
            ("toilets", "Неработещи тоалетни", "Toilets out of order"),
            ("information", "Липсва информация", "No information"),
            ("accessibility", "Трудно за хора с увреждания", "Hard for people with disabilities"),
            ("safety", "Не се чувствам в безопасност", "I do not feel safe"),
        ),
        highlights=options(
            ("clean", "Чистотата", "Cleanliness"),
            ("staff", "Служителите", "The staff"),
            ("information", "Информацията", "The information"),
        ),
    ),
    CategoryDefault(
        slug="sports-facilities",
        name=texts("Спортни съоръжения", "Sports facilities"),
        icon=CategoryIcon.SPORTS,
        headline=texts(
            "Как оценявате това спортно съоръжение?", "How would you rate this sports facility?"
        ),
        ratings=(
            stars("condition", "Състояние на съоръжението", "Condition of the facility"),
            stars("changing-rooms", "Съблекални и душове", "Changing rooms and showers"),
            smileys("access", "Достъп и работно време", "Access and opening hours"),
        ),
        problems=options(
            ("worn", "Износени съоръжения", "Worn-out equipment"),
            ("changing-rooms", "Лоши съблекални", "Poor changing rooms"),
            ("closed", "Затворено, когато ми трябва", "Closed when I need it"),
            ("lighting", "Няма осветление вечер", "No lighting in the evening"),
            ("crowded", "Прекалено натоварено", "Too crowded"),
        ),
        highlights=options(
            ("surface", "Настилката и уредите", "The surface and equipment"),
            ("access", "Свободният достъп", "Free access"),
            ("atmosphere", "Атмосферата", "The atmosphere"),
        ),
        come_again=texts("Ще тренирате ли тук отново?", "Will you train here again?"),
    ),
    CategoryDefault(
        slug="tourism",
        name=texts("Туризъм", "Tourism"),
        icon=CategoryIcon.TOURISM,
        headline=texts(
            "Как оценявате посещението си на този обект?", "How would you rate your visit here?"
        ),
        ratings=(
            stars("information", "Информация и табели", "Information and signs"),
            stars("upkeep", "Поддръжка на обекта", "Upkeep of the site"),
            smileys("access", "Достъпност", "Ease of access"),
        ),
        problems=options(
            ("signs", "Липсват табели и указания", "Missing signs and directions"),
            ("language", "Няма информация на английски", "No information in English"),
            ("upkeep", "Лошо поддържан обект", "Poorly kept site"),
            ("hours", "Затворено или неясно работно време", "Closed or unclear opening hours"),
            ("price", "Висока цена на билета", "Ticket too expensive"),
        ),
        highlights=options(
            ("history", "Историята на мястото", "The history of the place"),
            ("guide", "Екскурзоводът", "The guide"),
            ("views", "Гледките", "The views"),
            ("upkeep", "Поддръжката", "How well it is kept"),
        ),
        come_again=texts("Бихте ли препоръчали обекта на приятели?", "Would you recommend it?"),
    ),
    CategoryDefault(
        slug="schools",
        name=texts("Училища", "Schools"),
        icon=CategoryIcon.SCHOOL,
        headline=texts("Как оценявате това училище?", "How would you rate this school?"),
        ratings=(
            stars("safety", "Безопасност", "Safety"),
            stars("cleanliness", "Чистота", "Cleanliness"),
            smileys("communication", "Връзка с родителите", "Contact with parents"),
        ),
        problems=options(
            ("safety", "Безопасност около училището", "Safety around the school"),
            ("building", "Състояние на сградата", "Condition of the building"),
            ("canteen", "Столово хранене", "School meals"),
            ("communication", "Слаба комуникация", "Poor communication"),
            ("sports", "Липсва спортна база", "No proper sports facilities"),
        ),
        highlights=options(
            ("teachers", "Учителите", "The teachers"),
            ("activities", "Извънкласните занимания", "Extracurricular activities"),
            ("building", "Сградата и дворът", "The building and the yard"),
        ),
    ),
)

EMPLOYEE_CATEGORY = "administrative-service"
EMPLOYEE_DEFAULT = CategoryDefault(
    slug=EMPLOYEE_CATEGORY,
    name=texts("Оценка на служител", "Rate an employee"),
    icon=CategoryIcon.SERVICE_DESK,
    headline=texts(
        "Как оценявате обслужването, което получихте от служителя?",
        "How would you rate the service this employee gave you?",
    ),
    ratings=(
        smileys("courtesy", "Учтивост", "Courtesy"),
        stars("competence", "Компетентност", "Competence"),
        stars("speed", "Бързина", "Speed"),
    ),
    problems=options(
        ("impolite", "Неучтиво отношение", "Impolite"),
        ("wrong-information", "Грешна или непълна информация", "Wrong or incomplete information"),
        ("slow", "Бавно обслужване", "Slow service"),
        ("not-helpful", "Не ми помогна да реша въпроса", "Did not help me resolve my matter"),
    ),
    highlights=options(
        ("friendly", "Любезността", "Friendliness"),
        ("knowledge", "Знанията", "Knowledge"),
        ("speed", "Бързината", "Speed"),
        ("extra-mile", "Отиде отвъд задълженията си", "Went the extra mile"),
    ),
)


def category_definition(spec: CategoryDefault) -> dict:
    """A questionnaire definition (see feedback.questionnaires) built from a category's data."""
    questions = [
        {
            "key": "overall",
            "kind": "scale",
            "text": spec.headline,
            "required": True,
            "headline": True,
        }
    ]
    questions += [{"key": r.key, "kind": r.kind, "text": r.text} for r in spec.ratings]
    if spec.recommend:
        questions.append({"key": "recommend", "kind": "nps", "text": spec.recommend})
    questions.append(
        {
            "key": "problem",
            "kind": "multiple",
            "text": PROBLEM,
            "show_if": {"question": "overall", **LOW_BAND},
            "options": [_option(o) for o in (*spec.problems, OTHER)],
        }
    )
    questions.append(
        {
            "key": "liked",
            "kind": "single",
            "text": LIKED,
            "show_if": {"question": "overall", **HIGH_BAND},
            "options": [_option(o) for o in spec.highlights],
        }
    )
    if spec.come_again:
        questions.append({"key": "come-again", "kind": "yes_no", "text": spec.come_again})
    questions.append({"key": "comment", "kind": "text", "text": COMMENT})
    return {"title": spec.name, "questions": questions}


def _option(option: Option) -> dict:
    return {"key": option.key, "label": option.label}


def default_definitions() -> list[tuple[CategoryDefault, bool, dict]]:
    """Every default questionnaire as (category, for employees, definition)."""
    places = [(spec, False, category_definition(spec)) for spec in CATEGORY_DEFAULTS]
    return [*places, (EMPLOYEE_DEFAULT, True, category_definition(EMPLOYEE_DEFAULT))]


@transaction.atomic
def organization_install_defaults(*, organization: Organization) -> list[Category]:
    """Gives an organisation the eleven standard categories, each with its questionnaire, and
    an employee questionnaire under administrative service.

    Safe to run again: a category whose slug exists is kept as staff left it, and a
    questionnaire is only added where the category has none of that kind yet.
    """
    with scope(organization=organization):
        existing = {c.slug: c for c in Category.objects.filter(organization=organization)}
        categories = {}
        for position, spec in enumerate(CATEGORY_DEFAULTS, start=1):
            categories[spec.slug] = existing.get(spec.slug) or Category.objects.create(
                organization=organization,
                slug=spec.slug,
                name_bg=spec.name["bg"],
                name_en=spec.name["en"],
                icon=spec.icon,
                position=position * 10,  # gaps leave room for the organisation's own
            )
        for spec, for_employees, definition in default_definitions():
            category = categories[spec.slug]
            has_one = Questionnaire.objects.filter(
                organization=organization, category=category, for_employees=for_employees
            ).exists()
            if not has_one:
                questionnaire_create(
                    organization=organization,
                    category=category,
                    for_employees=for_employees,
                    definition=definition,
                )
    return list(categories.values())
