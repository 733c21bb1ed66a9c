"""Stara Zagora Municipality (seed 001): the town and the 50 villages of the municipality.

Village names follow the municipality's settlement list; coordinates are approximate,
good enough to put each village on the right side of town on a map.
"""

from civicpulse.demo.municipality import DepartmentSpec, Locality, MunicipalitySpec, landmarks

L = Locality

TOWN = L("Стара Загора", 42.4258, 25.6345, "Stara Zagora")

DISTRICTS = (
    L("Център", 42.4258, 25.6250, "Centre"),
    L("Железник", 42.4300, 25.6550),
    L("Три чучура", 42.4420, 25.6300),
    L("Самара", 42.4150, 25.6050),
    L("Казански", 42.4380, 25.6050),
    L("Зора", 42.4080, 25.6420),
    L("Лозенец", 42.4200, 25.5950),
    L("Аязмото", 42.4400, 25.6130),
    L("Кольо Ганчев", 42.4180, 25.6600),
)

VILLAGES = (
    L("Арнаутито", 42.3380, 25.6950),
    L("Бенковски", 42.2900, 25.7700),
    L("Богомилово", 42.4150, 25.5700),
    L("Борилово", 42.3250, 25.6050),
    L("Борово", 42.3950, 25.7650),
    L("Братя Кунчеви", 42.3500, 25.6800),
    L("Бъдеще", 42.3600, 25.4550),
    L("Воденичарово", 42.2700, 25.6300),
    L("Горно Ботево", 42.4050, 25.8300),
    L("Дълбоки", 42.4350, 25.8150),
    L("Еленино", 42.3350, 25.6350),
    L("Елхово", 42.4850, 25.6850),
    L("Загоре", 42.3800, 25.5500),
    L("Змейово", 42.4800, 25.5350),
    L("Казанка", 42.5100, 25.5500),
    L("Калитиново", 42.3700, 25.7950),
    L("Калояновец", 42.3350, 25.4950),
    L("Кирилово", 42.4700, 25.4400),
    L("Козаревец", 42.3000, 25.5450),
    L("Колена", 42.5200, 25.5950),
    L("Ловец", 42.5050, 25.7150),
    L("Лозен", 42.4950, 25.7600),
    L("Люляк", 42.2750, 25.6750),
    L("Маджерито", 42.3950, 25.6950),
    L("Малка Верея", 42.4650, 25.6700),
    L("Малко Кадиево", 42.3150, 25.7350),
    L("Михайлово", 42.2850, 25.5250),
    L("Могила", 42.3550, 25.8650),
    L("Ново село", 42.4000, 25.7200),
    L("Оряховица", 42.2250, 25.7300),
    L("Остра могила", 42.4150, 25.7350),
    L("Памукчии", 42.3000, 25.8200),
    L("Петрово", 42.4700, 25.5800),
    L("Плоска могила", 42.2550, 25.8400),
    L("Преславен", 42.2250, 25.6200),
    L("Пряпорец", 42.4550, 25.7950),
    L("Пшеничево", 42.3650, 25.7300),
    L("Пъстрен", 42.2450, 25.4950),
    L("Ракитница", 42.4850, 25.6050),
    L("Руманя", 42.4450, 25.5650),
    L("Самуилово", 42.3900, 25.5100),
    L("Сладък кладенец", 42.2800, 25.4550),
    L("Старозагорски бани", 42.4450, 25.4800),
    L("Стрелец", 42.2700, 25.8800),
    L("Сулица", 42.4850, 25.4850),
    L("Хан Аспарухово", 42.4000, 25.6000),
    L("Християново", 42.4200, 25.7900),
    L("Хрищени", 42.4250, 25.7300),
    L("Яворово", 42.5300, 25.6500),
    L("Ястребово", 42.3450, 25.8600),
)

DEPARTMENTS = (
    DepartmentSpec("education", "Образование", "Education"),
    DepartmentSpec("ecology", "Екология и зелена система", "Environment and green spaces"),
    DepartmentSpec("infrastructure", "Инфраструктура и благоустройство", "Public works"),
    DepartmentSpec("transport", "Транспорт", "Transport"),
    DepartmentSpec(
        "health", "Здравеопазване и социални дейности", "Healthcare and social services"
    ),
    DepartmentSpec("services", "Център за информация и услуги", "Information and Services Centre"),
    DepartmentSpec("sport", "Спорт и туризъм", "Sport and tourism"),
    DepartmentSpec("culture", "Култура и туризъм", "Culture and tourism"),
    DepartmentSpec("mayors", "Районни кметства", "District and village mayors"),
)

CATEGORY_DEPARTMENTS = {
    "playgrounds": "infrastructure",
    "healthcare": "health",
    "parks": "ecology",
    "kindergartens": "education",
    "district-mayors": "mayors",
    "public-transport": "transport",
    "administrative-service": "services",
    "railway-stations": "transport",
    "sports-facilities": "sport",
    "tourism": "culture",
    "schools": "education",
}

# 620 places, as in seed 001: many stops and playgrounds, few stations.
SHARES = {
    "playgrounds": 120,
    "healthcare": 35,
    "parks": 50,
    "kindergartens": 60,
    "district-mayors": 55,
    "public-transport": 150,
    "administrative-service": 25,
    "railway-stations": 8,
    "sports-facilities": 40,
    "tourism": 30,
    "schools": 47,
}
TOWN_SHARES = {
    "playgrounds": 0.75,
    "healthcare": 0.75,
    "parks": 0.85,
    "kindergartens": 0.8,
    "district-mayors": 0.15,
    "public-transport": 0.85,
    "administrative-service": 1.0,
    "railway-stations": 0.4,
    "sports-facilities": 0.8,
    "tourism": 0.8,
    "schools": 0.75,
}


LANDMARKS = (
    *landmarks(
        "administrative-service",
        ("Център за информация и услуги – гише 1", "Information and Services Centre, desk 1"),
        ("Център за информация и услуги – гише 2", "Information and Services Centre, desk 2"),
        ("Център за информация и услуги – гише 3", "Information and Services Centre, desk 3"),
        ("Център за информация и услуги – каса", "Information and Services Centre, cash desk"),
        ("Гражданска регистрация", "Civil registration"),
        ("Местни данъци и такси", "Local taxes and fees"),
    ),
    *landmarks(
        "railway-stations",
        ("Гара Стара Загора", "Stara Zagora railway station"),
        ("Гара Стара Загора – чакалня", "Stara Zagora railway station, waiting room"),
        ("Спирка Стара Загора – запад", "Stara Zagora West halt", "Самара"),
        ("Гара Калояновец", "Kaloyanovets railway station", "", "Калояновец"),
        ("Гара Кирилово", "Kirilovo railway station", "", "Кирилово"),
        ("Гара Михайлово", "Mihaylovo railway station", "", "Михайлово"),
        ("Гара Загоре", "Zagore railway station", "", "Загоре"),
        ("Гара Змейово", "Zmeyovo railway station", "", "Змейово"),
    ),
    *landmarks(
        "public-transport",
        ("Автогара Стара Загора", "Stara Zagora bus station"),
        ("Спирка „Аязмото“", 'Bus stop "Ayazmoto"', "Аязмото"),
        ("Спирка „Операта“", 'Bus stop "Opera"', "Център"),
    ),
    *landmarks(
        "parks",
        ("Парк „Аязмото“", "Ayazmoto Park", "Аязмото"),
        ("Парк „Артилерийски“", "Artillery Park", "Център"),
        ("Градска градина „Митрополит Методий Кусев“", "Metropolitan Metodiy Kusev Garden"),
        ("Парк „Пети пехотен полк“", "Fifth Infantry Regiment Park", "Казански"),
        ("Парк „Загорка“", "Zagorka Park", "Железник"),
        ("Зоопарк Стара Загора", "Stara Zagora Zoo", "Аязмото"),
    ),
    *landmarks(
        "sports-facilities",
        ("Стадион „Берое“", "Beroe Stadium", "Аязмото"),
        ("Стадион „Трайана“", "Traiana Stadium", "Три чучура"),
        ("Плувен комплекс „Берое“", "Beroe swimming pool", "Аязмото"),
        ("Спортна зала „Олимп“", "Olimp sports hall", "Железник"),
        ("Ледена пързалка", "Ice rink", "Аязмото"),
        ("Тенис кортове в парк „Аязмото“", "Tennis courts, Ayazmoto Park", "Аязмото"),
    ),
    *landmarks(
        "tourism",
        ("Античен форум „Августа Траяна“", "Augusta Traiana Ancient Forum", "Център"),
        ("Музей „Неолитни жилища“", "Neolithic Dwellings Museum"),
        ("Регионален исторически музей", "Regional History Museum", "Център"),
        ("Музей на религиите (Ески джамия)", "Museum of Religions (Eski Mosque)", "Център"),
        ("Къща-музей „Гео Милев“", "Geo Milev House Museum", "Център"),
        ("Литературен музей", "Literary Museum", "Център"),
        ("Държавна опера Стара Загора", "Stara Zagora State Opera", "Център"),
        ("Драматичен театър „Гео Милев“", "Geo Milev Drama Theatre", "Център"),
        (
            "Мемориален комплекс „Бранителите на Стара Загора“",
            "Memorial to the Defenders of Stara Zagora",
            "Аязмото",
        ),
        ("Туристически информационен център", "Tourist information centre", "Център"),
        ("Минерални бани", "Mineral baths", "", "Старозагорски бани"),
    ),
    *landmarks(
        "schools",
        ("ПМГ „Гео Милев“", '"Geo Milev" High School of Mathematics and Science'),
        ("ЕГ „Ромен Ролан“", '"Romain Rolland" Language High School'),
        ("ТГ „Княз Симеон Търновски“", '"Prince Simeon Tarnovski" Commerce High School'),
        ("СУ „Максим Горки“", '"Maxim Gorky" Secondary School', "Три чучура"),
        ("СУ „Железник“", '"Zheleznik" Secondary School', "Железник"),
    ),
    *landmarks(
        "district-mayors",
        ("Районно кметство „Железник“", "Zheleznik district mayor's office", "Железник"),
        ("Районно кметство „Три чучура“", "Tri Chuchura district mayor's office", "Три чучура"),
    ),
    *landmarks(
        "healthcare",
        ("ДКЦ I – Стара Загора", "Diagnostic and Consultative Centre I", "Център"),
        ("ДКЦ II – Стара Загора", "Diagnostic and Consultative Centre II", "Три чучура"),
        ("Домашен социален патронаж", "Home social care service", "Център"),
    ),
)

STREETS = (
    "Цар Симеон Велики", "Генерал Столетов", "Руски", "Августа Траяна",
    "Митрополит Методий Кусев", "Христо Ботев", "Патриарх Евтимий", "Цар Иван Шишман",
    "Професор Георги Павлов", "Генерал Гурко", "Славянски", "Армейска", "Княз Борис I",
    "Граф Игнатиев", "Стефан Стамболов", "Петър Парчевич", "Васил Левски", "Хаджи Димитър",
    "Отец Паисий", "Капитан Петко войвода", "Македония", "Загорка", "Николай Лилиев",
    "Гео Милев", "Христо Смирненски", "Иван Вазов", "Ангел Кънчев", "Любен Каравелов",
    "Хан Аспарух", "Железник", "Димитър Наумов", "Кольо Ганчев", "Цар Калоян",
)  # fmt: skip
STOPS = (
    "Аязмото", "Операта", "Гарата", "Пазара", "Болницата", "Три чучура", "Железник",
    "Казански", "Самара", "Зора", "Лозенец", "Тракийски университет", "Медицински факултет",
    "ДКЦ I", "Колелото", "Пощата", "Театъра", "Хотел „Верея“", "Индустриална зона",
    "Стадион „Берое“", "Бедечка", "Кольо Ганчев", "Митрополия", "Зоопарка", "Метро",
    "Гробищен парк", "Аязмото – горна", "Вагонен парк",
)  # fmt: skip

STARA_ZAGORA = MunicipalitySpec(
    slug="stara-zagora",
    name_bg="Община Стара Загора",
    name_en="Stara Zagora Municipality",
    registry_prefix="SZ",
    brand_colour="#1f5f8b",
    town=TOWN,
    districts=DISTRICTS,
    villages=VILLAGES,
    departments=DEPARTMENTS,
    category_departments=CATEGORY_DEPARTMENTS,
    auditor_organization="Сдружение „Прозрачност“",
    shares=SHARES,
    town_shares=TOWN_SHARES,
    landmarks=LANDMARKS,
    streets=STREETS,
    stops=STOPS,
    yearly_survey=True,
    case_departments={
        "works": "infrastructure",
        "environment": "ecology",
        "transport": "transport",
        "education": "education",
        "services": "services",
        "mayors": "mayors",
        "sport": "sport",
    },
)
