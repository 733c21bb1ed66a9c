"""What the demo's citizens write to the municipality about, and what it answers.

Each topic is one kind of case with its share of the year's volume, the department that
answers it, and texts in Bulgarian and English. `{street}`, `{place}`, `{district}` and
`{line}` are filled from the municipality (demo/cases.py).
"""

from dataclasses import dataclass

Text = tuple[str, str]  # (Bulgarian, English)


@dataclass(frozen=True)
class Topic:
    kind: str  # a CaseKind slug (cases/defaults.py)
    department: str  # who answers: a key of MunicipalitySpec.case_departments
    weight: float
    titles: tuple[Text, ...]
    descriptions: tuple[Text, ...]
    answers: tuple[Text, ...]
    category: str | None = None  # a category slug: the case is about one of its places
    where: str = "street"  # street, place, district or nowhere
    # Typical days to an answer for this topic: works take longer than a reply to a question.
    answer_days: float = 8.0


TOPICS = (
    Topic(
        kind="signal",
        department="works",
        weight=14,
        answer_days=10,
        titles=(
            ("Дупки на ул. „{street}“", "Potholes on {street} Street"),
            ("Пропаднал асфалт на ул. „{street}“", "Sunken asphalt on {street} Street"),
        ),
        descriptions=(
            (
                "На ул. „{street}“ пред № {number} има няколко дълбоки дупки. След дъжд се"
                " пълнят с вода и колите минават в насрещното платно. Моля да бъдат запълнени"
                " преди зимата.",
                "There are several deep potholes on {street} Street outside No. {number}. After"
                " rain they fill with water and cars swerve into the oncoming lane. Please fill"
                " them before the winter.",
            ),
            (
                "Асфалтът на ул. „{street}“ е пропаднал около шахтата срещу № {number}. Вече"
                " два автомобила спукаха гуми.",
                "The asphalt on {street} Street has sunk around the manhole opposite No."
                " {number}. Two cars have already had flat tyres.",
            ),
        ),
        answers=(
            (
                "Сигналът е възложен на фирмата по поддръжката на уличната мрежа. Дупките ще"
                " бъдат запълнени в рамките на текущия ремонт в района до края на месеца.",
                "The signal has been passed to the road maintenance contractor. The potholes"
                " will be filled during the current repairs in the area by the end of the"
                " month.",
            ),
            (
                "Извършен е оглед на място. Участъкът е включен в програмата за основен ремонт"
                " през следващата година; дотогава най-опасните дупки са запълнени.",
                "The site has been inspected. The section is included in next year's major"
                " repair programme; until then the most dangerous potholes have been filled.",
            ),
        ),
    ),
    Topic(
        kind="signal",
        department="works",
        weight=11,
        answer_days=6,
        titles=(
            (
                "Не свети уличното осветление на ул. „{street}“",
                "Street lights out on {street} Street",
            ),
            ("Премигваща улична лампа на ул. „{street}“", "A flickering street lamp on {street}"),
        ),
        descriptions=(
            (
                "От седмица не свети осветлението на ул. „{street}“ между № {number} и"
                " кръстовището. Вечер е тъмно и опасно за пешеходците.",
                "For a week the street lights on {street} Street have been out between No."
                " {number} and the crossroads. At night it is dark and dangerous for people"
                " on foot.",
            ),
            (
                "Лампата на стълба срещу № {number} премигва цяла нощ, а съседната изобщо не"
                " свети.",
                "The lamp on the pole opposite No. {number} flickers all night, and the next"
                " one does not light at all.",
            ),
        ),
        answers=(
            (
                "Осветлението е възстановено след подмяна на изгорелите лампи. Благодарим за"
                " сигнала.",
                "The lighting has been restored after the burnt-out lamps were replaced. Thank"
                " you for reporting it.",
            ),
            (
                "Повредата е в захранващия кабел. Екипът на фирмата по поддръжка ще я"
                " отстрани до 10 дни.",
                "The fault is in the supply cable. The maintenance team will repair it within"
                " 10 days.",
            ),
        ),
    ),
    Topic(
        kind="signal",
        department="environment",
        weight=12,
        answer_days=5,
        titles=(
            (
                "Препълнени контейнери за смет на ул. „{street}“",
                "Overflowing bins on {street} Street",
            ),
            ("Нерегламентирано сметище в кв. „{district}“", "Illegal dumping in {district}"),
        ),
        descriptions=(
            (
                "Контейнерите пред блок {number} на ул. „{street}“ не са извозвани от няколко"
                " дни. Боклукът е около тях и мирише.",
                "The bins outside block {number} on {street} Street have not been emptied for"
                " several days. Rubbish lies around them and it smells.",
            ),
            (
                "В края на кв. „{district}“ се изхвърлят строителни отпадъци и стари мебели."
                " Купчината расте всяка седмица.",
                "At the edge of {district} people dump building waste and old furniture. The"
                " pile grows every week.",
            ),
        ),
        answers=(
            (
                "Контейнерите са извозени. Графикът за района е сгъстен на три пъти седмично.",
                "The bins have been emptied. The area's collection is now three times a week.",
            ),
            (
                "Отпадъците са почистени. Мястото е включено в маршрута на общинската"
                " инспекция, а при повторно изхвърляне ще бъдат съставяни актове.",
                "The waste has been cleared. The site is on the municipal inspectors' route,"
                " and anyone caught dumping again will be fined.",
            ),
        ),
        where="street",
    ),
    Topic(
        kind="signal",
        department="works",
        weight=9,
        category="playgrounds",
        where="place",
        answer_days=9,
        titles=(
            ("Счупена люлка на {place}", "A broken swing at {place}"),
            ("Опасна пързалка на {place}", "An unsafe slide at {place}"),
        ),
        descriptions=(
            (
                "На {place} едната люлка е със скъсана верига и виси на една страна. Децата"
                " продължават да се качват на нея.",
                "At {place} one swing has a broken chain and hangs to one side. Children keep"
                " climbing on it.",
            ),
            (
                "Пързалката на {place} има стърчащ болт и напукана пластмаса. Детето ми си"
                " разкъса дрехите.",
                "The slide at {place} has a protruding bolt and cracked plastic. My child tore"
                " their clothes on it.",
            ),
        ),
        answers=(
            (
                "Съоръжението е обезопасено в деня на сигнала и ремонтирано от фирмата по"
                " поддръжка на детските площадки.",
                "The equipment was made safe on the day of the report and repaired by the"
                " playground maintenance company.",
            ),
            (
                "Съоръжението е демонтирано, защото не подлежи на ремонт. Ново ще бъде"
                " монтирано до два месеца.",
                "The equipment has been removed because it cannot be repaired. A new one will"
                " be installed within two months.",
            ),
        ),
    ),
    Topic(
        kind="signal",
        department="environment",
        weight=8,
        category="parks",
        where="place",
        answer_days=7,
        titles=(
            ("Паднало дърво в {place}", "A fallen tree in {place}"),
            ("Неокосена трева в {place}", "Uncut grass in {place}"),
            ("Изсъхнали дървета в {place}", "Dead trees in {place}"),
        ),
        descriptions=(
            (
                "След бурята в {place} падна голям клон върху алеята. Минава се трудно, а"
                " вечер е опасно.",
                "After the storm a big branch fell across the path in {place}. It is hard to"
                " get past, and dangerous after dark.",
            ),
            (
                "Тревата в {place} не е косена повече от месец. Пейките не се виждат, има кърлежи.",
                "The grass in {place} has not been cut for more than a month. The benches are"
                " hidden and there are ticks.",
            ),
        ),
        answers=(
            (
                "Клонът е премахнат, а дърветата в парка са прегледани от дендролог.",
                "The branch has been removed and the park's trees have been checked by an"
                " arborist.",
            ),
            (
                "Косенето в парка е извършено. Графикът за сезона е публикуван на сайта на"
                " общината.",
                "The grass in the park has been cut. The season's mowing schedule is published"
                " on the municipality's website.",
            ),
        ),
    ),
    Topic(
        kind="complaint",
        department="transport",
        weight=7,
        category="public-transport",
        where="nowhere",
        answer_days=11,
        titles=(
            (
                "Автобус № {line} не спазва разписанието",
                "Bus No. {line} does not keep to its timetable",
            ),
            ("Груб шофьор на линия № {line}", "A rude driver on route No. {line}"),
        ),
        descriptions=(
            (
                "Всяка сутрин автобус № {line} минава през спирката с 15-20 минути закъснение"
                " или изобщо не идва. Закъснявам за работа.",
                "Every morning bus No. {line} comes 15 to 20 minutes late or not at all. I am"
                " late for work.",
            ),
            (
                "Шофьорът на линия № {line} потегли, докато възрастна жена се качваше, и"
                " отговори грубо на забележката ни.",
                "The driver on route No. {line} pulled away while an elderly woman was getting"
                " on, and answered our remark rudely.",
            ),
        ),
        answers=(
            (
                "Превозвачът е проверил данните от GPS системата и е пренаредил графика на"
                " водачите. Ще следим спазването на разписанието.",
                "The operator has checked the GPS data and rearranged the drivers' shifts. We"
                " will monitor the timetable.",
            ),
            (
                "Превозвачът е наложил дисциплинарно наказание на водача и е проведен"
                " инструктаж на всички водачи по линията.",
                "The operator has disciplined the driver, and all drivers on the route have"
                " been briefed.",
            ),
        ),
    ),
    Topic(
        kind="signal",
        department="environment",
        weight=5,
        where="district",
        answer_days=9,
        titles=(
            ("Безстопанствени кучета в кв. „{district}“", "Stray dogs in {district}"),
            ("Глутница кучета край училището в „{district}“", "A pack of dogs near the school"),
        ),
        descriptions=(
            (
                "В кв. „{district}“ се събират 6-7 кучета, които гонят децата и велосипедистите.",
                "Six or seven stray dogs gather in {district} and chase children and cyclists.",
            ),
        ),
        answers=(
            (
                "Екипът на приюта е заловил кучетата; те ще бъдат кастрирани, ваксинирани и"
                " обявени за осиновяване.",
                "The shelter's team has caught the dogs; they will be neutered, vaccinated and"
                " offered for adoption.",
            ),
        ),
    ),
    Topic(
        kind="signal",
        department="works",
        weight=6,
        answer_days=12,
        titles=(
            (
                "Паркирани коли по тротоара на ул. „{street}“",
                "Cars parked on the pavement on {street}",
            ),
            ("Липсва пешеходна пътека на ул. „{street}“", "No pedestrian crossing on {street}"),
        ),
        descriptions=(
            (
                "На ул. „{street}“ колите паркират изцяло на тротоара и с количка се минава"
                " по платното.",
                "On {street} Street cars park right on the pavement, and with a pram you have"
                " to walk in the road.",
            ),
            (
                "Пред № {number} на ул. „{street}“ пресичат много деца, но няма пешеходна"
                " пътека и знаци.",
                "Many children cross outside No. {number} on {street} Street, but there is no"
                " crossing and no signs.",
            ),
        ),
        answers=(
            (
                "Участъкът е включен в проекта за организация на движението. Ще бъдат"
                " поставени ограничители по тротоара.",
                "The section is included in the traffic plan. Bollards will be placed along"
                " the pavement.",
            ),
        ),
    ),
    Topic(
        kind="complaint",
        department="services",
        weight=4,
        category="administrative-service",
        where="nowhere",
        answer_days=9,
        titles=(
            ("Дълго чакане в Центъра за услуги", "A long wait at the service centre"),
            ("Неточна информация на гишето", "Wrong information at the desk"),
        ),
        descriptions=(
            (
                "Чаках над час за удостоверение, работеха само две гишета от шест.",
                "I waited over an hour for a certificate; only two desks of six were open.",
            ),
            (
                "На гишето ми казаха, че документите са пълни, а след две седмици ми се"
                " обадиха, че липсва скица.",
                "At the desk they told me my papers were complete, but two weeks later they"
                " called to say a plan was missing.",
            ),
        ),
        answers=(
            (
                "Въведено е електронно разпределение на чакащите и гъвкав график в пиковите"
                " часове. Извиняваме се за неудобството.",
                "We have introduced an electronic queue and flexible hours at peak times. We"
                " apologise for the inconvenience.",
            ),
        ),
    ),
    Topic(
        kind="question",
        department="education",
        weight=4,
        category="kindergartens",
        where="nowhere",
        answer_days=6,
        titles=(
            (
                "Кога е класирането за прием в детските градини?",
                "When are kindergarten places allocated?",
            ),
            ("Такса за детска градина при второ дете", "Kindergarten fee for a second child"),
        ),
        descriptions=(
            (
                "Подадохме заявление за първа група. Кога ще бъде класирането и къде ще бъде"
                " публикувано?",
                "We applied for the first group. When will places be allocated, and where will"
                " the results be published?",
            ),
            (
                "Имаме две деца в една детска градина. Полага ли се намаление на таксата за"
                " второто?",
                "We have two children at the same kindergarten. Is there a reduced fee for the"
                " second?",
            ),
        ),
        answers=(
            (
                "Класиранията са на 1 юни, 1 юли и 1 септември и се публикуват в системата за"
                " прием и на сайта на общината.",
                "Places are allocated on 1 June, 1 July and 1 September; results appear in the"
                " admission system and on the municipality's website.",
            ),
            (
                "Да, за второ дете таксата е намалена с 50% по Наредбата за местните такси."
                " Подайте заявление в детската градина.",
                "Yes: under the local fees ordinance the second child's fee is halved. Apply at"
                " the kindergarten.",
            ),
        ),
    ),
    Topic(
        kind="suggestion",
        department="works",
        weight=4,
        answer_days=13,
        titles=(
            ("Велоалея по ул. „{street}“", "A cycle lane along {street} Street"),
            ("Повече пейки и сенници", "More benches and shade"),
        ),
        descriptions=(
            (
                "Предлагам велоалея по ул. „{street}“, която да свърже центъра с кварталите."
                " Много хора карат колело до работа.",
                "I suggest a cycle lane along {street} Street to join the centre with the"
                " housing estates. Many people cycle to work.",
            ),
            (
                "В парковете и на спирките няма достатъчно пейки и сянка. Предлагам да се"
                " поставят още.",
                "There are not enough benches or shade in the parks and at the stops. I"
                " suggest adding more.",
            ),
        ),
        answers=(
            (
                "Благодарим за предложението. То ще бъде разгледано при изготвянето на плана"
                " за устойчива градска мобилност.",
                "Thank you for the suggestion. It will be considered in the sustainable urban"
                " mobility plan.",
            ),
        ),
    ),
    Topic(
        kind="signal",
        department="sport",
        weight=2,
        category="sports-facilities",
        where="place",
        answer_days=9,
        titles=(("Повредена настилка на {place}", "Damaged surface at {place}"),),
        descriptions=(
            (
                "Изкуствената настилка на {place} е разкъсана на няколко места, има опасност"
                " от травми.",
                "The artificial turf at {place} is torn in several places; someone could get hurt.",
            ),
        ),
        answers=(
            (
                "Настилката е ремонтирана. Игрището е отворено за ползване.",
                "The surface has been repaired. The pitch is open again.",
            ),
        ),
    ),
    Topic(
        kind="complaint",
        department="mayors",
        weight=3,
        where="district",
        answer_days=12,
        titles=(
            ("Шум от заведение в кв. „{district}“", "Noise from a bar in {district}"),
            ("Нощни строителни работи в „{district}“", "Building work at night in {district}"),
        ),
        descriptions=(
            (
                "Заведението в кв. „{district}“ пуска силна музика след полунощ всяка събота.",
                "The bar in {district} plays loud music after midnight every Saturday.",
            ),
        ),
        answers=(
            (
                "Извършена е проверка съвместно с полицията. На собственика е съставен акт"
                " по Наредбата за обществения ред.",
                "An inspection was made together with the police. The owner has been fined"
                " under the public order ordinance.",
            ),
        ),
    ),
    Topic(
        kind="reception",
        department="mayors",
        weight=6,
        where="nowhere",
        answer_days=10,
        titles=(
            ("Среща с кмета за ремонта на улицата", "A meeting with the mayor about our street"),
            ("Среща по въпрос за общинско жилище", "A meeting about municipal housing"),
        ),
        descriptions=(
            (
                "Желая среща в приемния ден, за да обсъдим с живущите ремонта на улицата ни.",
                "I would like a meeting on the reception day to discuss our street's repair"
                " with the residents.",
            ),
            (
                "Моля за среща във връзка с подадено заявление за общинско жилище.",
                "I ask for a meeting about my application for municipal housing.",
            ),
        ),
        answers=(
            (
                "Срещата е насрочена за приемния ден в сряда от 14:00 ч. в сградата на"
                " общината, стая 205.",
                "The meeting is set for the reception day, Wednesday at 14:00, in the town"
                " hall, room 205.",
            ),
        ),
    ),
    Topic(
        kind="question",
        department="services",
        weight=5,
        where="nowhere",
        answer_days=5,
        titles=(
            ("Как да платя местните данъци онлайн?", "How do I pay local taxes online?"),
            ("Срок за издаване на удостоверение", "How long does a certificate take?"),
        ),
        descriptions=(
            (
                "Искам да платя данъка върху недвижимия имот онлайн. Какви данни са нужни?",
                "I want to pay my property tax online. What details do I need?",
            ),
            (
                "Колко време отнема издаването на удостоверение за наследници и може ли да се"
                " поръча по електронен път?",
                "How long does a certificate of heirs take, and can I order it online?",
            ),
        ),
        answers=(
            (
                "Местните данъци се плащат онлайн с ЕГН и ПИК на НАП или с електронен подпис"
                " през портала за плащания на общината.",
                "Local taxes can be paid online with your personal number and a tax PIN, or"
                " with an electronic signature, through the municipality's payment portal.",
            ),
            (
                "Удостоверението се издава до 7 дни, а при бърза услуга до 3 дни. Може да се"
                " заяви онлайн с електронен подпис.",
                "The certificate is issued within 7 days, or 3 days for the express service."
                " You can apply online with an electronic signature.",
            ),
        ),
    ),
)

FORWARD_TO = (
    "Областна администрация",
    "Регионална здравна инспекция",
    "Областна дирекция на МВР",
    "Регионална инспекция по околната среда и водите",
    "Електроразпределение Юг",
)

EXTENSION_REASONS = (
    "Необходима е проверка на място съвместно с друга институция.",
    "Изискана е информация от фирмата изпълнител.",
    "Необходимо е становище от Областна администрация.",
)

REJECTION_REASONS = (
    "Въпросът не е от компетентността на общината.",
    "Сигналът не съдържа достатъчно данни за извършване на проверка.",
)

INTERNAL_NOTES = (
    "Обадих се на фирмата по поддръжка, ще посетят мястото утре.",
    "Изпратено писмо до отдела, чакаме отговор.",
    "Напомних на отдела по телефона.",
    "Проверено на място от инспектор.",
)
