"""Kyustendil Municipality (seed 000): QR codes at 200+ points, from town halls to the polyclinic.

A dozen settlements with approximate coordinates. Social services are filed under
healthcare and the youth centre under schools, as the eleven default categories stand.
"""

from civicpulse.demo.municipality import DepartmentSpec, Locality, MunicipalitySpec, landmarks

L = Locality

TOWN = L("Кюстендил", 42.2839, 22.6911, "Kyustendil")

DISTRICTS = (
    L("Център", 42.2839, 22.6880, "Centre"),
    L("Колуша", 42.2900, 22.6750),
    L("Герена", 42.2780, 22.7050),
    L("Запад", 42.2850, 22.6650),
)

VILLAGES = (
    L("Багренци", 42.2650, 22.6000),
    L("Богослов", 42.3300, 22.6300),
    L("Граница", 42.2350, 22.6200),
    L("Гърляно", 42.2500, 22.5600),
    L("Жиленци", 42.2950, 22.7650),
    L("Копиловци", 42.2450, 22.5900),
    L("Лозно", 42.2150, 22.7250),
    L("Николичевци", 42.3300, 22.7300),
    L("Раждавица", 42.3050, 22.7200),
    L("Скриняно", 42.2600, 22.7100),
    L("Шишковци", 42.3050, 22.6650),
)

DEPARTMENTS = (
    DepartmentSpec("education", "Образование и младежки дейности", "Education and youth"),
    DepartmentSpec("social", "Здравеопазване и социални услуги", "Healthcare and social services"),
    DepartmentSpec("green", "Паркове и градини", "Parks and gardens"),
    DepartmentSpec("works", "Благоустройство и строителство", "Public works"),
    DepartmentSpec("culture", "Култура, туризъм и спорт", "Culture, tourism and sport"),
    DepartmentSpec("services", "Административно обслужване", "Administrative service"),
    DepartmentSpec("mayors", "Кметства и кметски наместничества", "Village mayors"),
)

CATEGORY_DEPARTMENTS = {
    "playgrounds": "works",
    "healthcare": "social",
    "parks": "green",
    "kindergartens": "education",
    "district-mayors": "mayors",
    "public-transport": "works",
    "administrative-service": "services",
    "railway-stations": "works",
    "sports-facilities": "culture",
    "tourism": "culture",
    "schools": "education",
}

SHARES = {
    "playgrounds": 44,
    "healthcare": 12,
    "parks": 14,
    "kindergartens": 18,
    "district-mayors": 11,
    "public-transport": 22,
    "administrative-service": 12,
    "railway-stations": 2,
    "sports-facilities": 15,
    "tourism": 20,
    "schools": 30,
}
TOWN_SHARES = {
    "playgrounds": 0.75,
    "healthcare": 0.85,
    "parks": 0.9,
    "kindergartens": 0.75,
    "district-mayors": 0.0,
    "public-transport": 0.85,
    "administrative-service": 1.0,
    "railway-stations": 0.5,
    "sports-facilities": 0.8,
    "tourism": 0.9,
    "schools": 0.7,
}


LANDMARKS = (
    *landmarks(
        "administrative-service",
        ("Общинска администрация – център за услуги", "Municipal service centre"),
        ("Общинска администрация – деловодство", "Municipal registry office"),
        ("Местни данъци и такси", "Local taxes and fees"),
        ("Гражданска регистрация", "Civil registration"),
        ("ОП „Чистота“", 'Municipal company "Chistota"'),
        ("ОП „Общински пазари“", 'Municipal company "Municipal markets"'),
    ),
    *landmarks(
        "healthcare",
        ("Общинска поликлиника", "Municipal polyclinic", "Център"),
        ("Дневен център за възрастни хора", "Day centre for the elderly", "Колуша"),
        ("Домашен социален патронаж", "Home social care service", "Център"),
        (
            "Център за социална рехабилитация и интеграция",
            "Centre for social rehabilitation and integration",
            "Герена",
        ),
        ("Обществена трапезария", "Public canteen", "Запад"),
        ("Дом за възрастни хора", "Residential home for the elderly", "", "Богослов"),
    ),
    *landmarks(
        "parks",
        ("Лесопарк „Хисарлъка“", "Hisarlaka forest park"),
        ("Градска градина", "Town garden", "Център"),
        ("Парк „Запад“", "West park", "Запад"),
    ),
    *landmarks(
        "tourism",
        ("Крепост „Хисарлъка“", "Hisarlaka fortress"),
        (
            "Художествена галерия „Владимир Димитров – Майстора“",
            "Vladimir Dimitrov - the Master Art Gallery",
            "Център",
        ),
        ("Регионален исторически музей", "Regional History Museum", "Център"),
        ("Къща-музей „Димитър Пешев“", "Dimitar Peshev House Museum", "Център"),
        ("Римски терми „Асклепион“", "Asklepion Roman baths", "Център"),
        ("Пиргова кула", "Pirgova Tower", "Център"),
        ("Чифте баня", "Chifte Bath", "Център"),
        ("Джамия „Ахмед бей“", "Ahmed Bey Mosque", "Център"),
        ("Читалище „Братство“", '"Bratstvo" community centre', "Център"),
        ("Туристически информационен център", "Tourist information centre", "Център"),
    ),
    *landmarks(
        "schools",
        ("ПМГ „Проф. Емануил Иванов“", '"Prof. Emanuil Ivanov" High School of Mathematics'),
        ("ГПЧЕ „Д-р Петър Берон“", '"Dr Petar Beron" Language High School'),
        ("СУ „Неофит Рилски“", '"Neofit Rilski" Secondary School'),
        ("Младежки център", "Youth centre", "Център"),
        ("Обединен детски комплекс", "Children's activity centre", "Център"),
    ),
    *landmarks(
        "sports-facilities",
        ("Стадион „Осогово“", "Osogovo Stadium", "Колуша"),
        ("Градски плувен басейн", "Town swimming pool", "Герена"),
        ("Спортна зала „Кюстендил“", "Kyustendil sports hall", "Запад"),
    ),
    *landmarks(
        "railway-stations",
        ("Гара Кюстендил", "Kyustendil railway station", "Герена"),
        ("Гара Жиленци", "Zhilentsi railway station", "", "Жиленци"),
    ),
    *landmarks("public-transport", ("Автогара Кюстендил", "Kyustendil bus station", "Герена")),
)

STREETS = (
    "Цар Освободител", "Демокрация", "Христо Ботев", "Гороцветна", "Славянска",
    "Васил Левски", "Владимир Димитров – Майстора", "Стефан Караджа", "Пиротска",
    "Дупнишка", "Осогово", "Иван Вазов", "Ильо войвода", "Стоян Заимов", "Македония",
)  # fmt: skip
STOPS = (
    "Автогара", "Център", "Болницата", "Колуша", "Герена", "Гарата", "Хисарлъка",
    "Пазара", "Запад", "ПМГ", "Минералната баня", "Стадиона",
)  # fmt: skip

KYUSTENDIL = MunicipalitySpec(
    slug="kyustendil",
    name_bg="Община Кюстендил",
    name_en="Kyustendil Municipality",
    registry_prefix="KN",
    brand_colour="#7a3b69",
    town=TOWN,
    districts=DISTRICTS,
    villages=VILLAGES,
    departments=DEPARTMENTS,
    category_departments=CATEGORY_DEPARTMENTS,
    auditor_organization="Сдружение „Граждани за прозрачност“",
    shares=SHARES,
    town_shares=TOWN_SHARES,
    landmarks=LANDMARKS,
    streets=STREETS,
    stops=STOPS,
    # The town has no district mayors or trolleybuses, but plenty of service desks.
    town_patterns={
        "district-mayors": (),
        "public-transport": (
            ("Спирка „{stop}“", 'Bus stop "{stop}"'),
            ("Спирка на ул. „{street}“ {n}", "Bus stop, {street} St. {n}"),
        ),
        "administrative-service": (
            ("Общинска администрация – гише {desk}", "Municipal administration, desk {desk}"),
        ),
    },
    case_departments={
        "works": "works",
        "environment": "green",
        "transport": "works",
        "education": "education",
        "services": "services",
        "mayors": "mayors",
        "sport": "culture",
    },
)
