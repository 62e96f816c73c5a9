"""Synthetic person records of the region with ground-truth duplicates, seeded.

`generate(records=N, seed=S, profile="noisy")` draws persons (Albanian, Kosovar, Serbian,
Montenegrin, Bosnian, and people from Syria, Iraq, Afghanistan, Pakistan, Iran, Morocco on
the Balkan route) and writes each person one to five times, as different agencies would:

- `noisy` (the benchmark): diacritics dropped, Serbian names in Cyrillic, other
  transliterations of Arabic-script names, one-letter typos, given and family names
  swapped, dates of birth missing (an estimated age instead) or mistyped (day and month
  swapped, a day or a year off), sex unknown, citizenship or place of birth missing, CAPITALS.
- `clean`: Latin script, no typos, no swaps, the true date of birth always; only
  diacritics dropped, capitals and missing citizenship or place of birth.

The truth is the person each record was drawn from (`Dataset.truth`). Common names collide
on purpose (many Arben Hoxha, many Mohammed Khan): only the date of birth and the rest tell
them apart, as in the field.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from nrm.dedup.columns import HEADER

# ---------------------------------------------------------------------------- name pools

AL_MALE = (
    "Arben Artan Besnik Blerim Dritan Endrit Erion Fatos Fitim Gentian Gëzim Ilir Kujtim "
    "Ledio Lulzim Mërgim Naim Përparim Qemal Rrahman Shkëlqim Sokol Taulant Valon Xhevdet "
    "Ylli Agron Bujar Dardan Edmond Florian Gjergj Hekuran Jetmir Klodian Luan Mentor Nderim "
    "Orges Petrit Redon Skënder Vullnet Alban Armend Bekim Drilon Elvis Fisnik Granit Kreshnik "
    "Adrian Agim Albert Altin Andi Ardian Arjan Arlind Armand Astrit Bardhyl Bashkim Behar "
    "Besart Bledar Blendi Dashnor Edison Elton Enver Ervin Fation Fatmir Flamur Genc Gent Hysni "
    "Kastriot Klajdi Kristi Lorenc Lulëzim Marsel Mirel Nikolin Olsi Pëllumb Rinor Saimir "
    "Shpëtim Tomor Urim Valdrin Vedat Visar Ylber Alket Arbër Ardit Besmir Dorian Eduart "
    "Ermal Erlis Gazmend Hamdi Ismet Jurgen Lavdrim Mirlind Orest Rigels Rinald Sabri"
).split()
AL_FEMALE = (
    "Anila Besiana Blerta Drita Elira Fatjona Gentiana Hana Ilirjana Jonida Klea Lindita "
    "Mimoza Nertila Orjeta Rudina Shpresa Teuta Vjollca Xhensila Zamira Arta Brikena Dafina "
    "Edlira Flutura Gresa Jehona Kaltrina Liridona Mirela Nora Rozafa Shqipe Valmira Albana "
    "Besa Donika Erjona Fjolla Kimete Lumturie Majlinda Pranvera Qëndresa Suela Vesa Zana "
    "Adelina Afërdita Albina Alketa Anisa Arbana Ardita Argjenta Aurela Bora Brunilda Dorina "
    "Eda Elda Elona Enkeleda Entela Ermira Esmeralda Etleva Fatbardha Fiona Flora Genta "
    "Greta Hyrije Ilda Irena Jeta Juliana Kozeta Lediana Lira Lorena Manjola Marsela Merita "
    "Mirjeta Nazmije Olta Ornela Rovena Sara Shkurte Sidita Sonila Valbona Vera Xhulia"
).split()
AL_FAMILY = (
    "Hoxha Shehu Gashi Berisha Krasniqi Kelmendi Morina Hasani Bytyqi Rama Çela Dervishi "
    "Leka Marku Gjoka Prifti Kola Xhafa Dushku Mema Topalli Bajraktari Muça Qosja Thaçi "
    "Zeqiri Hyseni Rexhepi Osmani Ahmeti Aliu Basha Cani Duka Frashëri Gjini Hysa Kastrati "
    "Lika Meta Ndreu Pllumi Rrapaj Sula Tafaj Vata Zefi Shala Dibra Koçi Llazi Përmeti "
    "Kuqi Beqiri Ismaili Jashari Lushaj Mehmeti Nikolla Pepa Sejdiu Tahiri Ymeri Zhuri"
).split()
RS_MALE = (
    "Đorđe Nikola Marko Stefan Miloš Luka Nemanja Dušan Vuk Aleksandar Milan Dragan Zoran "
    "Goran Dejan Ivan Petar Bojan Žarko Srđan Vladimir Slobodan Predrag Branislav Ljubiša "
    "Radovan Miroslav Živojin Đurađ Uroš Čedomir Boško Dragoljub Nenad Saša Željko "
    "Aleksa Andrija Bogdan Borislav Branko Darko Dimitrije Dobrivoje Dragiša Filip Gavrilo "
    "Igor Jovan Lazar Ljubomir Marijan Mihajlo Milorad Milovan Miodrag Mladen Momčilo "
    "Nebojša Novak Obrad Ognjen Pavle Radomir Ranko Rade Sava Siniša Slavko Srećko Stevan "
    "Strahinja Tihomir Tomislav Velibor Veljko Vladan Vojin Zlatko Živko"
).split()
RS_FEMALE = (
    "Jelena Milica Ana Marija Jovana Ivana Snežana Dragana Ljiljana Vesna Zorica Tijana "
    "Danijela Gordana Biljana Nataša Kristina Mirjana Svetlana Jasmina Dušica Tanja Željka "
    "Branka Slađana Nevena Anđela Katarina Sanja Olivera "
    "Aleksandra Andrijana Bojana Branislava Dragica Dušanka Gorana Ivona Jasna Jovanka "
    "Kosara Ljubica Marina Milena Mila Mira Nada Natalija Nevenka Radmila Ružica Slavica "
    "Sofija Sonja Stanislava Tamara Teodora Vera Vida Zagorka Zdravka Zora"
).split()
RS_FAMILY = (
    "Jovanović Petrović Nikolić Marković Đorđević Stojanović Ilić Stanković Pavlović "
    "Milošević Đukić Todorović Popović Živković Kovačević Lazić Mitić Ristić Savić "
    "Jovičić Čolić Đurić Vasić Tomić Obradović Pešić Simić Kostić Radosavljević Šarić "
    "Lukić Milovanović Janković Bogdanović Nedeljković Vuković Filipović Mladenović "
    "Stevanović Zdravković Krstić Antić Đokić Cvetković Ćirić Vučić Nešić"
).split()
BA_MALE = (
    "Emir Adnan Haris Amar Kenan Mirza Edin Almir Senad Nermin Mehmed Dženan Salih Adem "
    "Admir Alen Amel Anes Armin Asim Benjamin Bakir Damir Dino Elvir Enes Faruk Hamza Irfan "
    "Kemal Mahir Muhamed Nedim Nihad Omer Refik Samir Sead Selver Tarik Vedad Zlatan"
).split()
BA_FEMALE = (
    "Amra Lejla Ajla Selma Merima Emina Dženana Aida Alma Sabina Azra Edina Adna Alisa Amela "
    "Anela Belma Dina Elma Ena Ilda Irma Lamija Lana Medina Minela Nadina Naida Nejla Sanela "
    "Sejla Una Vildana Zerina"
).split()
BA_FAMILY = (
    "Hodžić Hadžić Begić Delić Mehić Hasanović Husić Kovač Softić Alić Ibrahimović "
    "Čaušević Džeko Omerović Mujić Karić Šabanović Suljić Hrustić Salihović Zukić"
).split()
# Arabic-script names: each a tuple of spellings met in documents; the first is the
# person's own, the others appear in later records.
AR_MALE = [
    ("Mohammed", "Muhammad", "Mohamed", "Mohamad", "Muhammed"),
    ("Ahmed", "Ahmad", "Achmed"),
    ("Hussein", "Husain", "Hossein", "Hussain"),
    ("Hassan", "Hasan"),
    ("Youssef", "Yusuf", "Yousef"),
    ("Ibrahim", "Ebrahim"),
    ("Mustafa", "Moustafa", "Mostafa"),
    ("Mahmoud", "Mahmood", "Mahmud"),
    ("Omar", "Umar"),
    ("Khaled", "Khalid"),
    ("Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdel Rahman"),
    ("Abdullah", "Abdallah"),
    ("Ali",),
    ("Karim", "Kareem"),
    ("Reza", "Raza"),
    ("Tariq", "Tarek", "Tareq"),
    ("Bilal",),
    ("Imran",),
    ("Samir", "Sameer"),
    ("Walid", "Waleed"),
    ("Faisal", "Faysal"),
    ("Jamal", "Gamal"),
    ("Nasser", "Nasir", "Naser"),
    ("Yasin", "Yassin", "Yaseen"),
    ("Zakaria", "Zakariya"),
    ("Farhad",),
    ("Javad", "Jawad"),
    ("Hamid", "Hameed"),
    ("Rashid", "Rasheed"),
    ("Amir", "Ameer"),
    ("Mahdi", "Mehdi"),
    ("Hamza",),
    ("Idris", "Idriss"),
    ("Anwar", "Anouar"),
    ("Said", "Saeed"),
    ("Salim", "Saleem"),
    ("Adel", "Adil"),
    ("Nabil", "Nabeel"),
    ("Rami", "Ramy"),
    ("Ayman", "Aiman"),
    ("Fadi",),
    ("Majid", "Majeed"),
    ("Habib",),
    ("Hakim", "Hakeem"),
    ("Aziz",),
    ("Ismail", "Esmail"),
    ("Sulaiman", "Suleiman", "Soliman"),
    ("Younes", "Yunus", "Younis"),
    ("Zaid", "Zayd", "Zeid"),
    ("Wael",),
    ("Ghulam",),
    ("Naveed", "Navid"),
    ("Shahid", "Shaheed"),
    ("Asif", "Asef"),
    ("Ehsan", "Ihsan"),
]
AR_FEMALE = [
    ("Fatima", "Fatemeh", "Fatma", "Fatimah"),
    ("Aisha", "Ayesha", "Aysha"),
    ("Khadija", "Khadijah", "Hadija"),
    ("Zainab", "Zeinab", "Zaynab"),
    ("Maryam", "Mariam"),
    ("Noor", "Nour", "Nur"),
    ("Layla", "Leila", "Laila"),
    ("Amina", "Aminah", "Ameena"),
    ("Salma",),
    ("Yasmin", "Yasmine", "Jasmin"),
    ("Samira", "Sameera"),
    ("Rania",),
    ("Hala",),
    ("Shirin", "Sheerin"),
    ("Zahra", "Zehra"),
    ("Parisa",),
    ("Nadia", "Nadiya"),
    ("Huda", "Houda"),
    ("Rana",),
    ("Dina", "Deena"),
    ("Lina", "Leena"),
    ("Reem", "Rim"),
    ("Mona", "Muna"),
    ("Sara", "Sarah"),
    ("Hiba", "Heba"),
    ("Asma", "Asmaa"),
    ("Rasha",),
    ("Samar",),
    ("Marwa", "Marwah"),
    ("Ghada",),
    ("Nawal",),
    ("Soraya", "Suraya"),
    ("Farida", "Fareeda"),
    ("Latifa", "Latifah"),
    ("Narges", "Nargis"),
    ("Shabnam",),
    ("Bushra",),
]
AR_FAMILY = [
    ("Al-Rashid", "El Rashid", "Rashid"),
    ("Khan",),
    ("Hussain", "Hussein", "Husain"),
    ("Ahmadi", "Ahmedi"),
    ("Mohammadi", "Muhammadi"),
    ("Al-Masri", "El-Masri", "Masri"),
    ("Haddad",),
    ("Karimi", "Kareemi"),
    ("Hosseini", "Husseini", "Husaini"),
    ("Rahimi",),
    ("Qureshi", "Kureshi", "Quraishi"),
    ("Siddiqui", "Siddiqi"),
    ("Nasser", "Naser"),
    ("Al-Khatib", "Khatib", "El Khatib"),
    ("Saleh", "Salih"),
    ("Abbas",),
    ("Jaber", "Jabir"),
    ("Mansour", "Mansur"),
    ("Yousef", "Yusuf", "Youssef"),
    ("Hamdan",),
    ("Darwish", "Derwish"),
    ("Shah",),
    ("Malik",),
    ("Chaudhry", "Chaudhary", "Choudhury"),
    ("Azizi",),
    ("Rezaei", "Rezai"),
    ("Jafari", "Jaafari"),
    ("Ibrahim", "Ebrahim"),
    ("Omar", "Umar"),
    ("Bakr", "Bakir"),
]

# The long tail of surnames. The lists above are the commonest names; in life most people
# carry one of thousands of rarer surnames, which in this region are mostly patronymics:
# Albanian father's-name + `-i`/`-aj` (Ahmeti, Gjonaj), Serbian and Bosnian + `-ović`/`-ević`
# /`-ić` (Radovanović, Hasanović), and on Arab, Afghan and Iranian papers the father's or
# grandfather's given name written as the family name. A surname is drawn from the common
# list (skewed, as before) with `COMMON_FAMILY_SHARE`, else from this tail; so namesakes stay
# frequent for the common names (many Arben Hoxha) without every person having one.
AL_ROOTS = (
    "Ahmet Rexhep Hasan Osman Ismail Bajram Ibrahim Mehmet Hysen Shaban Selim Halil Jakup "
    "Murat Ramadan Qazim Zenel Idriz Emin Latif Sadik Xhemal Brahim Demir Nuredin Hamit "
    "Ilaz Mustaf Rustem Sali Tahir Veli Zeqir Avdi Bexhet Ferid Haxhi Islam Kadri Lutfi "
    "Gjon Lek Ded Prel Ndoc Pal Nikoll Zef Tom Pjeter Gjin Mhill Kol Prek Mark Frrok Vuks "
    "Dod Gjok Nue Pep Ndre Lul Shtjefn Kurt Lam Lic Mem Nezir Osm Ram Rrustem Sul"
).split()
SLAV_ROOTS = (
    "Radovan Stefan Milenk Dimitrij Aleksi Andrej Matej Stojan Bogoljub Radoslav Vlad "
    "Miladin Milorad Dobrosav Ranko Slavk Stanoj Velimir Zlatk Branisav Dragutin Miodrag "
    "Nenad Obren Ostoj Raden Sim Tihomir Uglješ Vojislav Živan Blagoj Cvijet Desimir "
    "Gavril Jakov Kuzman Ljubomir Momčil Novak Ognjen Pantelej Rajk Spasoj Trifun Vidoj"
).split()
BA_ROOTS = (
    "Hasan Ibrahim Mehmed Suljo Mujo Avdo Smajo Ahmet Osman Husein Halil Omer Salko Ramo "
    "Hamza Jusuf Mustafa Huso Meho Ismet Sead Fadil Nezir Zijad Redžep Bećir Alija Hamid"
).split()


def _slav_surname(root: str, suffix: str) -> str:
    soft = root[-1] in "jčćšžđ" or root.endswith(("lj", "nj"))
    if suffix == "ović" and soft:
        suffix = "ević"
    if root.endswith(("o", "e", "a", "i")):
        root = root[:-1]
    return root + suffix


TAIL_FAMILY = {
    "al": [(r + s,) for r in AL_ROOTS for s in ("i", "aj")],
    "rs": [(_slav_surname(r, s),) for r in SLAV_ROOTS for s in ("ović", "ić", "ovski")],
    "ba": [(_slav_surname(r, s),) for r in BA_ROOTS for s in ("ović", "ić", "agić", "bašić")],
    "ar": list(AR_MALE) + [(f"Al-{v[0]}", f"El {v[0]}") for v in AR_MALE if " " not in v[0]],
}
# The share of persons whose surname is one of the common lists above.
COMMON_FAMILY_SHARE = 0.6

PLACES = {
    "AL": "Tiranë Shkodër Durrës Elbasan Vlorë Korçë Fier Berat Lushnjë Kukës Lezhë Gjirokastër",
    "XK": "Prishtinë Prizren Pejë Gjakovë Mitrovicë Ferizaj Gjilan Podujevë Vushtrri",
    "MK": "Tetovë Gostivar Kumanovë Shkup Strugë Dibër",
    "RS": "Beograd Niš Novi_Sad Kragujevac Subotica Leskovac Vranje Čačak Kraljevo",
    "ME": "Podgorica Nikšić Ulcinj Bar Pljevlja",
    "BA": "Sarajevo Tuzla Zenica Mostar Bihać Banja_Luka",
    "SY": "Aleppo Damascus Homs Idlib Latakia",
    "IQ": "Baghdad Mosul Basra Erbil Kirkuk",
    "AF": "Kabul Herat Kandahar Mazar-i-Sharif Jalalabad",
    "PK": "Lahore Karachi Peshawar Rawalpindi Gujrat",
    "IR": "Tehran Mashhad Isfahan Shiraz Tabriz",
    "MA": "Casablanca Tangier Fes Oujda Nador",
}
GROUPS = [
    # (weight, group, citizenships)
    (0.40, "al", ("AL", "AL", "AL", "XK", "XK", "MK")),
    (0.20, "rs", ("RS", "RS", "ME", "BA")),
    (0.08, "ba", ("BA", "BA", "ME")),
    (0.32, "ar", ("SY", "IQ", "AF", "PK", "IR", "MA")),
]


def _pool(items: list[str] | list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return [i if isinstance(i, tuple) else (i.replace("_", " "),) for i in items]


POOLS = {
    "al": (_pool(AL_MALE), _pool(AL_FEMALE), _pool(AL_FAMILY)),
    "rs": (_pool(RS_MALE), _pool(RS_FEMALE), _pool(RS_FAMILY)),
    "ba": (_pool(BA_MALE), _pool(BA_FEMALE), _pool(BA_FAMILY)),
    "ar": (AR_MALE, AR_FEMALE, AR_FAMILY),
}

CYRILLIC = {
    "dž": "џ",
    "lj": "љ",
    "nj": "њ",
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "đ": "ђ",
    "e": "е",
    "ž": "ж",
    "z": "з",
    "i": "и",
    "j": "ј",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "ć": "ћ",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "ц",
    "č": "ч",
    "š": "ш",
}
ALPHABET = "abcdefghijklmnoprstuvz"


# ------------------------------------------------------------------------- the persons


@dataclass(frozen=True)
class Person:
    key: int
    group: str
    given: tuple[str, ...]  # spellings
    family: tuple[str, ...]
    sex: str
    dob: date
    citizenship: str
    place: str


@dataclass
class Dataset:
    rows: list[dict[str, str]]
    truth: dict[str, int]  # record_id → person key

    def to_csv(self, path) -> None:
        import csv

        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=HEADER)
            w.writeheader()
            w.writerows(self.rows)


PROFILES = {
    "noisy": {
        "typo": 0.12,
        "swap": 0.10,
        "dob_missing": 0.12,
        "dob_error": 0.06,
        "drop_marks": 0.4,
        "cyrillic": 0.3,
        "variant": 0.5,
        "upper": 0.1,
        "sex_unknown": 0.05,
        "citizenship_missing": 0.15,
        "place_missing": 0.3,
    },
    "clean": {
        "typo": 0.0,
        "swap": 0.0,
        "dob_missing": 0.0,
        "dob_error": 0.0,
        "drop_marks": 0.4,
        "cyrillic": 0.0,
        "variant": 0.0,
        "upper": 0.1,
        "sex_unknown": 0.0,
        "citizenship_missing": 0.15,
        "place_missing": 0.3,
    },
}
# How many records a person has: 1 to 5, most only one (weights).
COPIES = (1, 2, 3, 4, 5)
COPY_WEIGHTS = (0.55, 0.25, 0.11, 0.06, 0.03)


def _person(rng: random.Random, key: int, today: date) -> Person:
    r = rng.random()
    for weight, group, cits in GROUPS:  # noqa: B007  (the chosen group is used below)
        if r < weight:
            break
        r -= weight
    male, female, family = POOLS[group]
    sex = rng.choice(("male", "female"))
    given = rng.choice(male if sex == "male" else female)
    # Skewed like real name frequencies: the first names of a pool are the commonest.
    if rng.random() >= COMMON_FAMILY_SHARE:
        fam = rng.choice(TAIL_FAMILY[group])
    elif rng.random() < 0.15:
        fam = family[min(int(rng.paretovariate(1.2)) - 1, len(family) - 1)]
    else:
        fam = rng.choice(family)
    dob = today - timedelta(days=rng.randint(365 * 8, 365 * 60))
    cit = rng.choice(cits)
    place = rng.choice(PLACES[cit].split()).replace("_", " ")
    return Person(key, group, given, fam, sex, dob, cit, place)


def _drop_marks(text: str) -> str:
    text = text.replace("đ", "dj").replace("Đ", "Dj")
    return unicodedata.normalize(
        "NFC",
        "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)),
    )


def _cyrillic(text: str) -> str:
    out, i = [], 0
    low = text.lower()
    while i < len(text):
        for lat in ("dž", "lj", "nj"):
            if low.startswith(lat, i):
                cyr = CYRILLIC[lat]
                out.append(cyr.upper() if text[i].isupper() else cyr)
                i += 2
                break
        else:
            ch = low[i]
            cyr = CYRILLIC.get(ch, text[i])
            out.append(cyr.upper() if text[i].isupper() else cyr)
            i += 1
    return "".join(out)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))  # the first letter is rarely wrong
    kind = rng.randrange(4)
    if kind == 0:  # substitution
        return text[:i] + rng.choice(ALPHABET) + text[i + 1 :]
    if kind == 1:  # deletion
        return text[:i] + text[i + 1 :]
    if kind == 2:  # insertion
        return text[:i] + rng.choice(ALPHABET) + text[i:]
    if i + 1 < len(text):  # transposition
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i]


def _dob_error(rng: random.Random, dob: date) -> date:
    kind = rng.randrange(3)
    if kind == 0 and dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month)
    if kind == 1:
        return dob + timedelta(days=rng.choice((-1, 1)))
    try:
        return dob.replace(year=dob.year + rng.choice((-1, 1)))
    except ValueError:  # 29 February
        return dob - timedelta(days=1)


def _record(rng: random.Random, p: Person, first: bool, prof: dict, today: date) -> dict:
    def chance(name: str) -> bool:
        return not first and rng.random() < prof[name]

    given = p.given[0] if first or not chance("variant") else rng.choice(p.given)
    family = p.family[0] if first or not chance("variant") else rng.choice(p.family)
    if chance("drop_marks"):
        given, family = _drop_marks(given), _drop_marks(family)
    if p.group == "rs" and chance("cyrillic"):
        given, family = _cyrillic(given), _cyrillic(family)
    if chance("typo"):
        if rng.random() < 0.5:
            given = _typo(rng, given)
        else:
            family = _typo(rng, family)
    if chance("upper"):
        given, family = given.upper(), family.upper()
    if chance("swap"):
        given, family = family, given
    dob: date | None = p.dob
    age = ""
    if chance("dob_missing"):
        dob = None
        if rng.random() < 0.7:
            true_age = (today - p.dob).days // 365
            age = str(max(0, true_age + rng.randint(-2, 2)))
    elif chance("dob_error"):
        dob = _dob_error(rng, p.dob)
    return {
        "given_name": given,
        "family_name": family,
        "sex": "unknown" if chance("sex_unknown") else p.sex,
        "date_of_birth": dob.isoformat() if dob else "",
        "estimated_age": age,
        "citizenship": "" if chance("citizenship_missing") else p.citizenship,
        "place_of_birth": "" if chance("place_missing") else p.place,
    }


def generate(
    *, records: int, seed: int = 1, profile: str = "noisy", today: date | None = None
) -> Dataset:
    """About `records` records (exactly that many), in shuffled order, with their truth."""
    rng = random.Random(seed)
    prof = PROFILES[profile]
    today = today or date.today()
    drawn: list[tuple[int, dict]] = []
    key = 0
    while len(drawn) < records:
        p = _person(rng, key, today)
        n = rng.choices(COPIES, COPY_WEIGHTS)[0]
        for i in range(min(n, records - len(drawn))):
            drawn.append((key, _record(rng, p, i == 0, prof, today)))
        key += 1
    rng.shuffle(drawn)
    rows, truth = [], {}
    for i, (k, rec) in enumerate(drawn):
        rid = f"r{i + 1:07d}"
        rows.append({"record_id": rid, **rec})
        truth[rid] = k
    return Dataset(rows, truth)
