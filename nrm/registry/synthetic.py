"""Invented people for the demo and benchmarks. The names are drawn at random from short
lists of common given and family names and combined freely, so no record describes a real
person; nothing here is copied from any register."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from nrm.registry.rules import PersonInput

ALBANIAN_FEMALE = (
    "Arta Besa Blerina Dorina Elira Enkelejda Ermira Flutura Gentiana Hana Ilda Jonida "
    "Klea Lindita Mimoza Nora Orjona Rovena Sara Teuta Vjosa Xhensila Alketa Anisa Brikena "
    "Dafina Egla Fatbardha Greta Kaltrina Liridona Manjola Rudina Sidorela Suela Valbona"
).split()
ALBANIAN_MALE = (
    "Agim Alban Ardit Besnik Blendi Dritan Endrit Erion Fatos Gentian Ilir Jetmir Klodian "
    "Kujtim Leart Luan Marsel Noel Olsi Petrit Redon Sokol Taulant Valon Xhoi Adrian Andi "
    "Bujar Dorian Elton Flamur Genti Indrit Klevis Mentor Orges"
).split()
ALBANIAN_FAMILY = (
    "Hoxha Shehu Leka Gjoka Kola Basha Dervishi Marku Kelmendi Berisha Cela Dedja Duka "
    "Gashi Hysa Kastrati Krasniqi Lika Mema Mustafa Nika Prifti Rama Shkurti Tafa Toska Vata "
    "Zeneli Bregu Bajraktari Dibra Gjini Hasani Isufi Kapllani Laçi Meta Muça Përmeti Qosja "
    "Rexha Sula Topalli Xhafa Zotaj Çela Ymeri Hajdari Osmani"
).split()
FOREIGN = {
    "UA": (
        "Olena Iryna Oksana Tetiana Yulia Kateryna Nataliia".split(),
        "Andrii Dmytro Oleksandr Serhii Taras".split(),
        "Kovalenko Shevchenko Bondarenko Tkachenko Melnyk Kravchenko Oliinyk".split(),
    ),
    "NG": (
        "Blessing Chiamaka Ngozi Adaeze Funmilayo Precious".split(),
        "Chinedu Emeka Oluwaseun Tunde Ikenna".split(),
        "Okafor Adeyemi Eze Nwosu Balogun Okonkwo Obi".split(),
    ),
    "PH": (
        "Maricel Jocelyn Rowena Lorna Analyn".split(),
        "Jomar Rodel Arnel Jericho".split(),
        "Dela Cruz,Santos,Reyes,Bautista,Villanueva,Ramos".split(","),
    ),
    "SY": (
        "Rania Lina Nour Hiba Amal".split(),
        "Omar Khaled Yousef Samer Ahmad".split(),
        "Haddad Al-Khatib Nasser Darwish Halabi".split(),
    ),
    "XK": (
        "Drita Arbnora Lirije Shqipe Vlora".split(),
        "Arben Driton Fitim Shpend Visar".split(),
        "Krasniqi Hoxha Morina Bytyqi Rexhepi".split(),
    ),
    "MD": (
        "Ana Cristina Elena Mariana Tatiana".split(),
        "Ion Vasile Andrei Mihai".split(),
        "Rusu Ceban Lungu Munteanu Popa".split(),
    ),
    "BD": (
        "Fatema Nusrat Sadia Ayesha".split(),
        "Rahim Karim Sohel Jahid Rasel".split(),
        "Hossain Rahman Islam Akter Uddin".split(),
    ),
}
LANGUAGES = {
    "AL": ["sq"],
    "XK": ["sq"],
    "UA": ["uk", "ru"],
    "NG": ["en", "yo"],
    "PH": ["tl", "en"],
    "SY": ["ar"],
    "MD": ["ro", "ru"],
    "BD": ["bn"],
}


@dataclass(frozen=True)
class Invented:
    person: PersonInput
    foreign: bool


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def invent_person(rng: random.Random, *, today: date, child: bool) -> Invented:
    foreign = rng.random() < 0.2
    country = rng.choice(sorted(FOREIGN)) if foreign else "AL"
    sex = rng.choices(["female", "male", "other", "unknown"], weights=[70, 26, 1, 3])[0]
    if foreign:
        female, male, family = FOREIGN[country]
    else:
        female, male, family = ALBANIAN_FEMALE, ALBANIAN_MALE, ALBANIAN_FAMILY
    given = rng.choice(male if sex == "male" else female)
    age = rng.randint(10, 17) if child else rng.randint(18, 55)
    dob = None
    estimated_age = None
    appears_child = False
    known = rng.random()
    if known < 0.7:
        # Born after the day `age + 1` years ago and no later than the day `age` years ago,
        # so the person is exactly `age` today (365-day years drift across 18 otherwise).
        latest, earliest = _years_before(today, age), _years_before(today, age + 1)
        dob = latest - timedelta(days=rng.randint(0, (latest - earliest).days - 1))
    elif known < 0.9:
        estimated_age = age
        appears_child = child
    else:
        appears_child = child
    anonymous = rng.random() < 0.03  # sometimes only an alias is known
    return Invented(
        person=PersonInput(
            given_name=given,
            family_name="" if anonymous else rng.choice(family),
            sex=sex,
            date_of_birth=dob,
            estimated_age=estimated_age,
            appears_to_be_child=appears_child,
            citizenship=country,
            languages=list(LANGUAGES[country]),
            phone=f"+355 6{rng.randint(7, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            if rng.random() < 0.5
            else "",
        ),
        foreign=foreign,
    )
