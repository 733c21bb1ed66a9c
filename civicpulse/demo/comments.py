"""Comments citizens might leave, in Bulgarian and English, by theme and by tone of the score."""

# ruff: noqa: E501 -- one sentence pair a line reads best in this table of texts

import numpy as np

COMMENTS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "places": {
        "negative": (
            ("Люлката е счупена от седмици, никой не я поправя.", "The swing has been broken for weeks and nobody fixes it."),
            ("Пълно е с боклуци, кошчетата не се изхвърлят.", "Litter everywhere, the bins are never emptied."),
            ("Вечер е тъмно и не е безопасно.", "It is dark in the evening and does not feel safe."),
            ("Тревата не е косена от месец.", "The grass has not been cut for a month."),
            ("Няма нито една здрава пейка.", "There is not a single bench in one piece."),
            ("Тоалетните са затворени или мръсни.", "The toilets are closed or filthy."),
            ("Кучета без каишка, децата се плашат.", "Dogs off the lead, the children are scared."),
            ("Настилката е разбита, някой ще се нарани.", "The surface is broken, someone will get hurt."),
            ("Липсват табели, трудно се ориентираш.", "No signs at all, hard to find your way."),
            ("Много е занемарено, жалко за мястото.", "Badly neglected, a shame for such a place."),
            ("Съобщих за проблема преди месец, нищо не е направено.", "I reported this a month ago and nothing has been done."),
        ),
        "mixed": (
            ("Хубаво място, но има нужда от повече сянка.", "Nice place, but it needs more shade."),
            ("Добре е, само кошчетата са малко.", "It is fine, there are just too few bins."),
            ("Съоръженията са стари, но чисто.", "The equipment is old, but it is clean."),
            ("Би било добре да има чешма.", "A drinking fountain would be good."),
            ("Осветлението вечер може да е по-добро.", "The lighting in the evening could be better."),
            ("През уикенда е претъпкано.", "Overcrowded at weekends."),
            ("Нормално, нищо особено.", "Fine, nothing special."),
            ("Информацията само на български затруднява гостите.", "Information only in Bulgarian is hard for visitors."),
            ("Хубаво е, но паркирането е проблем.", "Nice, but parking is a problem."),
            ("Липсва достъп за колички.", "No step-free access for prams."),
        ),
        "positive": (
            ("Много чисто и поддържано, браво!", "Very clean and well kept, well done!"),
            ("Децата много харесват новите съоръжения.", "The children love the new equipment."),
            ("Прекрасно място за разходка.", "A lovely place for a walk."),
            ("Личи си, че някой се грижи за това място.", "You can tell someone looks after this place."),
            ("Новото осветление е чудесно.", "The new lighting is great."),
            ("Идваме всяка събота, любимото ни място.", "We come every Saturday, our favourite place."),
            ("Много интересно, препоръчвам на всички.", "Very interesting, I recommend it to everyone."),
            ("Безопасно и приятно за деца.", "Safe and pleasant for children."),
            ("Благодаря за ремонта, стана много по-хубаво.", "Thanks for the renovation, it is much nicer now."),
            ("Чисто, зелено и спокойно.", "Clean, green and peaceful."),
            ("Отлично поддържан обект, поздравления!", "An excellently kept site, congratulations!"),
        ),
    },
    "services": {
        "negative": (
            ("Чаках над час, а имаше само едно работещо гише.", "I waited over an hour with only one desk open."),
            ("Служителката беше груба и нетърпелива.", "The clerk was rude and impatient."),
            ("Препращаха ме от стая в стая.", "I was sent from room to room."),
            ("Никой не можа да ми каже какви документи трябват.", "Nobody could tell me which documents I needed."),
            ("Не вдигат телефона, трябваше да дойда лично.", "Nobody answers the phone, I had to come in person."),
            ("Искат удостоверения, които общината вече има.", "They ask for certificates the municipality already has."),
            ("Много бавно, системата пак не работела.", "Very slow, the system was down again."),
            ("Не ми обърнаха внимание, говореха помежду си.", "They ignored me and chatted among themselves."),
            ("Записването за час е невъзможно.", "Getting an appointment is impossible."),
            ("Храната за децата е студена и безвкусна.", "The children's food is cold and tasteless."),
            ("Никаква информация за родителите.", "No information for parents at all."),
        ),
        "mixed": (
            ("Обслужиха ме, но чаках доста.", "I was served, but I waited quite a while."),
            ("Любезни са, но процедурата е сложна.", "They are polite, but the procedure is complicated."),
            ("Добре, но трябва да има онлайн записване.", "Fine, but there should be online booking."),
            ("Всичко беше наред, само табелите са объркващи.", "All was well, only the signs are confusing."),
            ("Нормално обслужване, нищо повече.", "Ordinary service, nothing more."),
            ("Помещенията имат нужда от ремонт.", "The rooms need renovating."),
            ("Служителят беше любезен, но не знаеше отговора.", "The clerk was polite but did not know the answer."),
            ("Работното време е неудобно за работещи хора.", "The opening hours do not suit working people."),
            ("Учителите са добри, сградата е стара.", "The teachers are good, the building is old."),
            ("Бързо, но можеше да ми обяснят повече.", "Quick, but they could have explained more."),
        ),
        "positive": (
            ("Бързо и професионално обслужване, благодаря!", "Fast and professional service, thank you!"),
            ("Служителката беше изключително любезна и ми помогна.", "The clerk was extremely kind and helped me."),
            ("За пет минути всичко беше готово.", "Everything was done in five minutes."),
            ("Ясно ми обясниха какво трябва да направя.", "They explained clearly what I had to do."),
            ("Много по-добре от преди, браво на екипа.", "Much better than before, well done to the team."),
            ("Учителите са прекрасни, детето ходи с радост.", "The teachers are wonderful, my child loves going."),
            ("Лекарят беше внимателен и обясни всичко.", "The doctor was attentive and explained everything."),
            ("Без опашка, много приятно изненадан.", "No queue, very pleasantly surprised."),
            ("Компетентни и отзивчиви хора.", "Competent and helpful people."),
            ("Кметът реагира веднага на сигнала ни.", "The mayor responded to our report at once."),
            ("Отлично отношение, благодаря на служителите.", "Excellent attitude, thanks to the staff."),
        ),
    },
    "transport": {
        "negative": (
            ("Автобусът закъсня с 25 минути.", "The bus was 25 minutes late."),
            ("Курсът изобщо не дойде.", "The service never came."),
            ("Шофьорът караше рисково и говореше по телефона.", "The driver drove recklessly and was on the phone."),
            ("Претъпкано, не можах да се кача.", "So crowded I could not get on."),
            ("Спирката няма навес, чакаме на дъжда.", "The stop has no shelter, we wait in the rain."),
            ("Мръсно и миришеше в тролейбуса.", "The trolleybus was dirty and smelled."),
            ("Няма разписание на спирката.", "No timetable at the stop."),
            ("Климатикът не работеше в жегата.", "The air conditioning was off in the heat."),
            ("Шофьорът не спря на спирката.", "The driver did not stop at the stop."),
            ("Вечер курсовете са твърде редки.", "Evening services are far too rare."),
        ),
        "mixed": (
            ("Точно по разписание, но много пълно.", "On time, but very full."),
            ("Добре е, но трябват повече курсове вечер.", "Fine, but more evening services are needed."),
            ("Таблото на спирката често не работи.", "The display at the stop often does not work."),
            ("Чисто, но седалките са износени.", "Clean, but the seats are worn out."),
            ("Закъсня малко, иначе нормално.", "A bit late, otherwise fine."),
            ("Би било добре да може да се плаща с карта.", "Paying by card would be good."),
            ("Спирката е добре, но е тъмно вечер.", "The stop is fine, but dark in the evening."),
            ("Нормално пътуване.", "An ordinary trip."),
            ("Шофьорът беше любезен, но автобусът е стар.", "The driver was polite but the bus is old."),
            ("Трябва ни линия до новия квартал.", "We need a line to the new neighbourhood."),
        ),
        "positive": (
            ("Новите електробуси са чудесни!", "The new electric buses are great!"),
            ("Точно навреме, чисто и удобно.", "Right on time, clean and comfortable."),
            ("Много любезен шофьор, помогна на възрастна жена.", "A very kind driver, he helped an elderly woman."),
            ("Таблото на спирката показва точно кога идва автобусът.", "The display at the stop shows exactly when the bus comes."),
            ("Пътувам всеки ден, много съм доволна.", "I travel every day and I am very happy."),
            ("Чисто и климатизирано, браво.", "Clean and air-conditioned, well done."),
            ("Честите курсове са голямо удобство.", "Frequent services are a real convenience."),
            ("Удобно и евтино.", "Convenient and cheap."),
            ("Най-после навес на спирката, благодаря!", "A shelter at the stop at last, thank you!"),
            ("Кратко и приятно пътуване.", "A short, pleasant trip."),
        ),
    },
}  # fmt: skip

CATEGORY_THEMES = {
    "public-transport": "transport",
    "healthcare": "services",
    "kindergartens": "services",
    "district-mayors": "services",
    "administrative-service": "services",
    "schools": "services",
}
SENTIMENTS = ("negative", "mixed", "positive")


def comment_theme(category: str, *, is_employee: bool = False) -> str:
    return "services" if is_employee else CATEGORY_THEMES.get(category, "places")


def comments_pick(
    *, theme: str, scores: np.ndarray, english: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One comment per score, its tone following the score (0-4, 5-7, 8-10)."""
    texts = np.empty(len(scores), dtype=object)
    sentiment = np.digitize(scores, [5, 8])
    for tone, name in enumerate(SENTIMENTS):
        bank = COMMENTS[theme][name]
        for language in (0, 1):
            mask = (sentiment == tone) & (english == bool(language))
            if mask.any():
                column = np.array([pair[language] for pair in bank], dtype=object)
                texts[mask] = column[rng.integers(0, len(column), int(mask.sum()))]
    return texts
