"""The world as schools know it: schools, pupils, guardians and their accounts.

Steps and `serve` mode create it here (or over the control API): the school
database feeds ÉduConnect, and the académie's directory feeds the ENT.
"""
from __future__ import annotations

import random
import secrets
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import phonenumbers
from sqlalchemy import select

from .academies import name_of
from .clock import Clock
from .db import Database, to_db
from .faults import Faults
from .educonnect.shared.identifiers import ascii_letters, make_identifier
from .educonnect.shared.models import Account, Director, Guardian, Pupil, School
from .passwords import hash_password

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
FIRST_NAMES = {"Mme": ["Léa", "Chloé", "Inès", "Manon", "Zoé", "Jade", "Louise", "Emma", "Alice", "Lina", "Camille"],
               "M.": ["Hugo", "Lucas", "Nathan", "Théo", "Louis", "Gabriel", "Raphaël", "Arthur", "Jules", "Paul"]}
ALL_FIRST_NAMES = [name for names in FIRST_NAMES.values() for name in names]
SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
            "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
            "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
            "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
            "Fontaine", "Chevalier", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry",
            "Mathieu", "Masson", "Marchand", "Duval", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour",
            "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard",
            "Barbier", "Arnaud", "Roche", "Renard", "Schmitt", "Colin", "Vidal", "Caron", "Picard", "Fabre",
            "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Bourgeois", "Benoît", "Rolland",
            "Leclerc", "Guillaume", "Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier",
            "Sanchez", "Moulin", "Deschamps", "Huet", "Vasseur", "Boucher", "Fleury", "Klein", "Jacquet",
            "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Renault", "Ménard", "Maillard", "Baron", "Bertin",
            "Bailly", "Hervé", "Schneider", "Fernandez", "Collet", "Léger", "Bouvier", "Prévost", "Millet",
            "Perrot", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Pelletier", "Lévêque", "Leblanc",
            "Barré", "Lebrun", "Weber", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
            "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chauvin", "Bouchet",
            "Humbert", "Cordier", "Pichon", "Lejeune", "Gilbert", "Delaunay", "Pasquier", "Carlier", "Laporte"]
CITIES = ["Créteil", "Vitry-sur-Seine", "Montreuil", "Saint-Maur-des-Fossés", "Ivry-sur-Seine"]
PATRONS = ["Jules Ferry", "Jean Jaurès", "Victor Hugo", "Louise Michel", "Marie Curie", "Jean Moulin"]
SERVICES = ["ENT de l'école", "Livret Scolaire Unique", "Fiche de renseignements", "Inscription à la cantine",
            "Bourses de collège", "Paiement des factures", "Orientation"]


class WorldError(ValueError):
    """Bad world input; the message names the field, in French."""


def uai_with_check_letter(digits: str) -> str:
    """A school's UAI: seven digits and the check letter the ministry derives from them."""
    if len(digits) != 7 or not digits.isdigit():
        raise WorldError("uai : sept chiffres attendus")
    return digits + UAI_LETTERS[int(digits) % 23]


def normalise_mobile(number: str | None) -> str | None:
    """`06 12 34 56 78` and `+33612345678` are the same number: keep E.164."""
    if number is None or not str(number).strip():
        return None
    try:
        parsed = phonenumbers.parse(str(number), "FR")
    except phonenumbers.NumberParseException as err:
        raise WorldError(f"mobile : numéro illisible ({number})") from err
    if not phonenumbers.is_valid_number(parsed):
        raise WorldError(f"mobile : numéro invalide ({number})")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class SchoolInfo:
    uai: str
    name: str
    academie_code: str  # BCN code, as ÉduConnect releases it in FrEduCtRefId ("24"; "1" or "01")
    services: tuple[str, ...] = ()

    @property
    def academie(self) -> str:
        """The académie's name, as the ENT joins on it (CRETEIL)."""
        return name_of(self.academie_code)


@dataclass(frozen=True)
class PupilInfo:
    id: int
    first_name: str
    last_name: str
    birth_date: date
    class_name: str
    school: SchoolInfo


@dataclass(frozen=True)
class GuardianInfo:
    id: int
    aaf_id: str
    civility: str
    first_name: str
    last_name: str
    mobile: str | None
    email: str | None
    pupils: tuple[PupilInfo, ...]

    @property
    def external_id(self) -> str:
        """The ENT's AAF join key: <ACADÉMIE>-<AAF id>."""
        return f"{self.pupils[0].school.academie}-{self.aaf_id}" if self.pupils else f"SANS-{self.aaf_id}"


@dataclass(frozen=True)
class DirectorInfo:
    school: SchoolInfo
    login: str
    password: str


@dataclass(frozen=True)
class AccountInfo:
    login: str
    password: str


@dataclass(frozen=True)
class Family:
    school: SchoolInfo
    guardian: GuardianInfo
    pupils: tuple[PupilInfo, ...]
    account: AccountInfo | None = field(default=None)


def _school(s: School) -> SchoolInfo:
    return SchoolInfo(s.uai, s.name, s.academie, tuple(s.services.splitlines()))


def _pupil(p: Pupil) -> PupilInfo:
    return PupilInfo(p.id, p.first_name, p.last_name, p.birth_date, p.class_name, _school(p.school))


def _guardian(g: Guardian) -> GuardianInfo:
    return GuardianInfo(g.id, g.aaf_id, g.civility, g.first_name, g.last_name, g.mobile, g.email,
                        tuple(_pupil(p) for p in g.pupils))


class World:
    def __init__(self, db: Database, clock: Clock, provision_ent: Callable[[dict], object] | None,
                 faults: Faults | None = None) -> None:
        self.db, self.clock, self.provision_ent = db, clock, provision_ent
        self.faults = faults if faults is not None else Faults()  # those of ÉduConnect's side of a move
        self._rng = random.Random(secrets.randbits(64))
        self._lock = threading.Lock()  # unique names and ids across threads

    # -- schools and pupils -------------------------------------------------
    def create_school(self, name: str | None = None, uai: str | None = None,
                      academie: str = "24", city: str | None = None,
                      services: list[str] | None = None) -> SchoolInfo:
        """A school; `academie` is its académie's BCN code as ÉduConnect is to release it ("24" for
        Créteil, "1" or "01" for Paris: mock_services/academies.toml); `services` are what it offers
        parents once logged in (three drawn at random by default)."""
        with self._lock, self.db.session() as s:
            if uai is None:
                uai = self._free(lambda: uai_with_check_letter(f"0{self._rng.randrange(10**6):06d}"),
                                 lambda u: s.get(School, u) is not None)
            elif len(uai) != 8 or uai_with_check_letter(uai[:7]) != uai:
                raise WorldError(f"uai : « {uai} » n'est pas un UAI valide (7 chiffres et la lettre de contrôle)")
            elif s.get(School, uai) is not None:
                raise WorldError(f"uai : l'école {uai} existe déjà")
            city = city or self._rng.choice(CITIES)
            name = name or f"École élémentaire {self._rng.choice(PATRONS)}"
            if not isinstance(academie, str) or name_of(academie) is None:
                raise WorldError(f"academie : code BCN d'académie inconnu « {academie} » (par exemple 24 pour "
                                 "Créteil, 1 ou 01 pour Paris ; la table : mock_services/academies.toml)")
            if services is None:
                services = ["ENT de l'école", *self._rng.sample(SERVICES[1:], 2)]
            if not isinstance(services, list) or not all(isinstance(x, str) and x.strip() for x in services):
                raise WorldError("services : liste de noms de services attendue")
            school = School(uai=uai, name=name, academie=academie.strip(), city=city,
                            services="\n".join(x.strip() for x in services))
            s.add(school)
            return _school(school)

    def create_pupil(self, school_uai: str, first_name: str | None = None, last_name: str | None = None,
                     birth_date: date | None = None, class_name: str = "CPa") -> PupilInfo:
        with self._lock, self.db.session() as s:
            school = s.get(School, school_uai)
            if school is None:
                raise WorldError(f"school_uai : école {school_uai} inconnue")
            first_name, last_name = self._names(s, first_name, last_name)
            birth_date = birth_date or date(self.clock.now().year - 6, self._rng.randint(1, 12), self._rng.randint(1, 28))
            pupil = Pupil(aaf_id=self._aaf_id(s, Pupil), first_name=first_name, last_name=last_name,
                          birth_date=birth_date, class_name=class_name, school=school)
            s.add(pupil)
            s.flush()
            return _pupil(pupil)

    # -- guardians and accounts ---------------------------------------------
    def create_guardian(self, pupil_ids: list[int], first_name: str | None = None, last_name: str | None = None,
                        civility: str | None = None, mobile: str | None = None, email: str | None = None,
                        in_ent: bool = True) -> GuardianInfo:
        """A legal representative as the school knows them; fed to the ENT unless `in_ent` is false."""
        if not pupil_ids:
            raise WorldError("pupil_ids : au moins un élève est attendu")
        with self._lock, self.db.session() as s:
            pupils = [s.get(Pupil, pid) for pid in pupil_ids]
            if None in pupils:
                raise WorldError(f"pupil_ids : élève inconnu parmi {pupil_ids}")
            civility = civility or self._rng.choice(list(FIRST_NAMES))
            if civility not in FIRST_NAMES:
                raise WorldError("civility : « M. » ou « Mme » attendu")
            first_name, last_name = self._names(s, first_name, last_name or pupils[0].last_name,
                                                FIRST_NAMES[civility])
            guardian = Guardian(aaf_id=self._aaf_id(s, Guardian), civility=civility, first_name=first_name,
                                last_name=last_name, mobile=normalise_mobile(mobile),
                                email=(email or "").strip().lower() or None, pupils=pupils)
            s.add(guardian)
            s.flush()
            info = _guardian(guardian)
        if in_ent and self.provision_ent is not None:
            self.provision_ent(ent_payload(info))
        return info

    def activate_account(self, guardian_id: int, password: str | None = None, with_email: bool = True,
                         pupil_ids: list[int] | None = None) -> AccountInfo:
        """An account activated with the school's contacts (`with_email=False`: no address attached,
        as after an activation by SMS; `pupil_ids`: the children attached, all by default)."""
        password = password or f"Ecole-{secrets.token_urlsafe(9)}!"
        with self._lock, self.db.session() as s:
            guardian = s.get(Guardian, guardian_id)
            if guardian is None:
                raise WorldError(f"guardian_id : responsable {guardian_id} inconnu")
            if guardian.account is not None:
                raise WorldError(f"guardian_id : le responsable {guardian_id} a déjà un compte")
            login = make_identifier(guardian.first_name, guardian.last_name,
                                    lambda c: s.scalar(select(Account.id).where(Account.login == c)) is not None,
                                    self._rng)
            s.add(Account(guardian=guardian, login=login, password_hash=hash_password(password),
                          fr_edu_ct_id=secrets.token_hex(48), activated_at=to_db(self.clock.now()),
                          mobile=guardian.mobile, email=guardian.email if with_email else None,
                          pupils=[p for p in guardian.pupils if pupil_ids is None or p.id in pupil_ids]))
            return AccountInfo(login, password)

    def create_family(self, children: int = 1, activated: bool = True, in_ent: bool = True,
                      school_uai: str | None = None, account_email: bool = True, academie: str = "24",
                      names: tuple[str, str] | None = None) -> Family:
        """A school (unless given; in the académie of that BCN code), `children` pupils and one
        guardian, with unique names, or the guardian's (first name, surname) given in `names`."""
        school = self._school_info(school_uai) if school_uai else self.create_school(academie=academie)
        first = self.create_pupil(school.uai, last_name=names[1] if names else None)
        pupils = [first] + [self.create_pupil(school.uai, last_name=first.last_name,
                                              class_name=self._rng.choice(["CE1", "CE2", "CM1", "CM2"]))
                            for _ in range(children - 1)]
        guardian = self.create_guardian([p.id for p in pupils], first_name=names[0] if names else None,
                                        last_name=first.last_name, mobile=self._mobile(),
                                        email=self._email(first.last_name), in_ent=in_ent)
        account = self.activate_account(guardian.id, with_email=account_email) if activated else None
        return Family(school, guardian, tuple(pupils), account)

    def other_school_record(self, family: Family, academie: str | None = None) -> tuple[GuardianInfo, PupilInfo]:
        """The same parent as another school knows them: a younger child there,
        a separate guardian record (and ENT account), no ÉduConnect account yet.
        The other school has another name and offers other services."""
        school = self.create_school_unlike(family.school, academie)
        g = family.guardian
        pupil = self.create_pupil(school.uai, last_name=g.last_name, class_name="CM2")
        record = self.create_guardian([pupil.id], first_name=g.first_name, last_name=g.last_name,
                                      civility=g.civility)
        return record, pupil

    def create_school_unlike(self, other: SchoolInfo, academie: str | None = None) -> SchoolInfo:
        """A school with another name and other services than `other` (in its académie unless told,
        by BCN code)."""
        name = self._rng.choice([f"École élémentaire {p}" for p in PATRONS if p not in other.name])
        services = ["ENT de l'école", *[x for x in SERVICES[1:] if x not in other.services][:2]]
        return self.create_school(name=name, academie=academie or other.academie_code, services=services)

    def move_pupil(self, pupil_id: int, school_uai: str) -> PupilInfo:
        """The pupil changes school. ÉduConnect accounts are kept (the guide); the ENT
        is fed again for each guardian. On a move to another académie the guardian's
        join key changes: the new académie's record is fed, and the old one keeps
        no children (the académie's next directory import would delete it)."""
        with self._lock, self.db.session() as s:
            pupil, school = s.get(Pupil, pupil_id), s.get(School, school_uai)
            if pupil is None or school is None:
                raise WorldError(f"pupil_id/school_uai : élève {pupil_id} ou école {school_uai} inconnu")
            before = [_guardian(g) for g in s.scalars(select(Guardian).where(Guardian.pupils.any(Pupil.id == pupil_id)))]
            if "deplacement-double-inscription" in self.faults:  # a new record at the new school, the old one kept
                copy = Pupil(aaf_id=self._aaf_id(s, Pupil), first_name=pupil.first_name, last_name=pupil.last_name,
                             birth_date=pupil.birth_date, class_name=pupil.class_name, school=school)
                s.add(copy)
                for g in s.scalars(select(Guardian).where(Guardian.pupils.any(Pupil.id == pupil_id))):
                    g.pupils.append(copy)
                for account in s.scalars(select(Account).where(Account.pupils.any(Pupil.id == pupil_id))):
                    account.pupils.append(copy)
            else:
                pupil.school = school
            s.flush()
            if "changement-ecole-nouvel-identifiant" in self.faults:  # the account taken for a new one
                for account in s.scalars(select(Account).where(Account.pupils.any(Pupil.id == pupil_id))):
                    account.login = make_identifier(
                        account.guardian.first_name, account.guardian.last_name,
                        lambda c: s.scalar(select(Account.id).where(Account.login == c)) is not None, self._rng)
            after = [_guardian(g) for g in s.scalars(select(Guardian).where(Guardian.pupils.any(Pupil.id == pupil_id)))]
            moved = _pupil(pupil)
        if self.provision_ent is not None:
            for old, new in zip(before, after):
                if old.external_id != new.external_id:
                    self.provision_ent({**ent_payload(old), "children": []})
                self.provision_ent(ent_payload(new))
        return moved

    def create_director(self, school_uai: str, password: str | None = None) -> DirectorInfo:
        """A local account on the direction console (« Administration des comptes ÉduConnect »)."""
        school = self._school_info(school_uai)
        password = password or f"Direction-{secrets.token_urlsafe(9)}!"
        with self._lock, self.db.session() as s:
            first, last = self._names(s, None, None)
            login = self._free(lambda: f"direction.{school.uai.lower()}{self._rng.randrange(100):02d}",
                               lambda c: s.scalar(select(Director.id).where(Director.login == c)) is not None)
            s.add(Director(school_uai=school.uai, login=login, password_hash=hash_password(password),
                           first_name=first, last_name=last))
        return DirectorInfo(school, login, password)

    def guardian(self, guardian_id: int) -> GuardianInfo:
        with self.db.session() as s:
            g = s.get(Guardian, guardian_id)
            if g is None:
                raise WorldError(f"guardian_id : responsable {guardian_id} inconnu")
            return _guardian(g)

    # -- helpers --------------------------------------------------------------
    def _school_info(self, uai: str) -> SchoolInfo:
        with self.db.session() as s:
            school = s.get(School, uai)
            if school is None:
                raise WorldError(f"school_uai : école {uai} inconnue")
            return _school(school)

    def add_guardian(self, family: Family, in_ent: bool = True) -> GuardianInfo:
        """The children's other legal representative, with their own number and address."""
        return self.create_guardian([p.id for p in family.pupils], last_name=family.guardian.last_name,
                                    civility="M." if family.guardian.civility == "Mme" else "Mme",
                                    mobile=self._mobile(), email=self._email(family.guardian.last_name), in_ent=in_ent)

    def unused_mobile(self) -> str:
        """A valid mobile number nobody in the school records has (e.g. a parent's new number)."""
        return self._mobile()

    def _mobile(self) -> str:
        """A random, unused French mobile number that phonenumbers deems valid."""
        while True:
            number = f"06{self._rng.randrange(10**8):08d}"
            if phonenumbers.is_valid_number(phonenumbers.parse(number, "FR")):
                with self.db.session() as s:
                    if s.scalar(select(Guardian.id).where(Guardian.mobile == normalise_mobile(number))) is None:
                        return number

    def _email(self, last_name: str) -> str:
        """An unused address on a reserved domain (RFC 2606's .test)."""
        stem = ascii_letters(last_name) or "parent"
        while True:
            address = f"{stem}.{self._rng.randrange(10**4):04d}@exemple.test"
            with self.db.session() as s:
                if s.scalar(select(Guardian.id).where(Guardian.email == address)) is None:
                    return address

    def _free(self, make, taken):
        while True:
            candidate = make()
            if not taken(candidate):
                return candidate

    def _aaf_id(self, s, model) -> str:
        return self._free(lambda: str(self._rng.randrange(10**6, 10**7)),
                          lambda a: s.scalar(select(model.id).where(model.aaf_id == a)) is not None)

    def _names(self, s, first_name: str | None, last_name: str | None,
               first_names: list[str] = ALL_FIRST_NAMES) -> tuple[str, str]:
        """Given names are kept; missing ones are drawn so that nobody shares a full name,
        and a drawn surname is a new family's own: it neither contains nor is contained in
        another surname, so a search by surname (a substring search) finds one family."""
        if first_name and last_name:
            return first_name, last_name
        surnames = {ascii_letters(n) for m in (Pupil, Guardian) for n in s.scalars(select(m.last_name).distinct())}

        def taken(pair):
            drawn = ascii_letters(pair[1])
            if not last_name and any(drawn in other or other in drawn for other in surnames):
                return True
            return any(s.scalar(select(m.id).where(m.first_name == pair[0], m.last_name == pair[1])) is not None
                       for m in (Pupil, Guardian))

        def draw():
            last = last_name or self._rng.choice(SURNAMES)
            if not last_name and self._rng.random() < 0.5:
                last = f"{last}-{self._rng.choice(SURNAMES)}"
            return first_name or self._rng.choice(first_names), last
        for _ in range(2000):
            pair = draw()
            if not taken(pair):
                return pair
        # a crowded surname: make the first name unique instead
        return f"{first_name or self._rng.choice(first_names)}-{self._rng.choice(first_names)}", last_name or draw()[1]


def ent_payload(guardian: GuardianInfo) -> dict:
    """The provisioning hook's JSON for a guardian (see ent/directory.py)."""
    return {
        "external_id": guardian.external_id,
        "civility": guardian.civility,
        "first_name": guardian.first_name,
        "last_name": guardian.last_name,
        "children": [{"first_name": p.first_name, "last_name": p.last_name,
                      "class_name": p.class_name, "school_name": p.school.name} for p in guardian.pupils],
    }
