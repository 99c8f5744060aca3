"""The control API's bodies: what each operation accepts and what it answers.

Requests are strict (a wrong type is refused, never converted: "3" is no integer) and
refuse unknown fields; formats are the world's own rules. The OpenAPI document is
generated from these models (openapi.py)."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from ..academies import name_of
from ..educonnect.login.conformance import WRAPPING_ATTACKS, ResponseAlterations
from ..educonnect.shared.contacts import valid_email
from ..educonnect.shared.password_rule import RULE, is_strong
from ..world import FIRST_NAMES, UAI_LETTERS, WorldError, normalise_mobile, uai_with_check_letter

SQLITE_MAX_INTEGER = 2**63 - 1
REFUSED = "valeur_refusee"  # the error type of this module's checks: their message is already French
UAI_PATTERN = f"^[0-9]{{7}}[{UAI_LETTERS}]$"


def refuse(message: str, *fields: str) -> None:
    """Refuses a value; `fields` name the fields a check of the whole body is about."""
    raise PydanticCustomError(REFUSED, "{message}", {"message": message, "fields": fields})


def _uai(value: str) -> str:
    if not re.fullmatch(UAI_PATTERN, value) or uai_with_check_letter(value[:7]) != value:
        refuse("UAI invalide : sept chiffres et la lettre de contrôle attendus (par exemple 0941234F)")
    return value


def _academie(value: str) -> str:
    if not re.fullmatch("[0-9]{1,2}", value) or name_of(value) is None:
        refuse("code BCN d'académie inconnu (par exemple 24 pour Créteil, 1 ou 01 pour Paris)")
    return value


def _mobile(value: str) -> str:
    try:
        normalise_mobile(value)
    except WorldError as err:
        refuse(str(err).partition(" : ")[2])
    return value


def _email(value: str) -> str:
    if not valid_email(value):
        refuse("adresse e-mail invalide")
    return value


def _unique(ids: list[int]) -> list[int]:
    if len(set(ids)) != len(ids):
        refuse("identifiants en double")
    return ids


def _strong(password: str) -> str:
    if not is_strong(password):
        refuse(RULE)
    return password


Id = Annotated[int, Field(gt=0, le=SQLITE_MAX_INTEGER)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Uai = Annotated[str, AfterValidator(_uai),
                Field(json_schema_extra={"pattern": UAI_PATTERN}, examples=["0941234F"])]
Academie = Annotated[str, AfterValidator(_academie), Field(json_schema_extra={"pattern": "^[0-9]{1,2}$"})]
Mobile = Annotated[str, StringConstraints(max_length=30), AfterValidator(_mobile), Field(examples=["06 12 34 56 78"])]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)]
ParentPassword = Annotated[str, AfterValidator(_strong), Field(description=RULE, examples=["Ecole-2024!"])]
Civility = Literal[tuple(FIRST_NAMES)]
AlterationKind = Literal[tuple(sorted(ResponseAlterations.KINDS))]


class Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ClockMove(Request):
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    minutes: Annotated[float, Field(gt=0, le=366 * 24 * 60, allow_inf_nan=False)] | None = None
    seconds: Annotated[float, Field(gt=0, le=366 * 24 * 3600, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _moves(self) -> ClockMove:
        if self.minutes is None and self.seconds is None:
            refuse("une durée positive est attendue (minutes ou seconds)", "minutes", "seconds")
        return self


class NewSchool(Request):
    name: Text | None = None
    uai: Uai | None = None
    academie: Academie = "24"
    city: Text | None = None
    services: Annotated[list[Text], Field(max_length=20)] | None = None


class NewPupil(Request):
    school_uai: Uai
    first_name: Text | None = None
    last_name: Text | None = None
    birth_date: date | None = None
    class_name: Text = "CPa"


class NewGuardian(Request):
    pupil_ids: Annotated[list[Id], Field(min_length=1, max_length=20, json_schema_extra={"uniqueItems": True}),
                         AfterValidator(_unique)]
    first_name: Text | None = None
    last_name: Text | None = None
    civility: Civility | None = None
    mobile: Mobile | None = None
    email: Email | None = None
    in_ent: bool = True


class NewAccount(Request):
    guardian_id: Annotated[Id, Field(examples=[1])]
    password: ParentPassword | None = None


class NewDirector(Request):
    school_uai: Uai
    password: Annotated[str, Field(min_length=1)] | None = None


class NewFamily(Request):
    children: Annotated[int, Field(ge=1, le=10)] = 1
    activated: bool = True
    in_ent: bool = True
    school_uai: Uai | None = None


class NewAlteration(Request):
    login: Text
    alteration: AlterationKind
    victime: Text | None = None

    @model_validator(mode="after")
    def _victim_for_wrapping_attacks_only(self) -> NewAlteration:
        if (self.alteration in WRAPPING_ATTACKS) != (self.victime is not None):
            refuse("l'identifiant ÉduConnect du parent que l'attaque met à la place, pour une attaque "
                   "par enveloppement (xsw1 … xsw8, id-confusion) seulement", "victime")
        return self


# -- answers ------------------------------------------------------------------------

class Index(BaseModel):
    services: dict[str, str]
    horloge: datetime


class ClockState(BaseModel):
    maintenant: datetime
    decalage_secondes: float


class School(BaseModel):
    uai: str
    name: str
    academie_code: str
    services: list[str]


class FamilyPupil(BaseModel):
    id: int
    first_name: str
    last_name: str
    birth_date: date
    class_name: str


class Pupil(FamilyPupil):
    school_uai: str


class FamilyGuardian(BaseModel):
    id: int
    civility: str
    first_name: str
    last_name: str
    mobile: str | None


class Guardian(FamilyGuardian):
    email: str | None
    external_id: str


class Account(BaseModel):
    login: str
    password: str


class Director(BaseModel):
    school_uai: str
    login: str
    password: str


class Family(BaseModel):
    school: School
    guardian: FamilyGuardian
    pupils: list[FamilyPupil]
    account: Account | None


class Alteration(BaseModel):
    login: str
    alteration: str
    victime: str | None


class OpenApiDocument(RootModel[dict[str, Any]]):
    pass


class FieldError(BaseModel):
    champ: str
    message: str


class Error(BaseModel):
    erreur: str
    champs: list[FieldError] = []


class NotFound(Error):
    services: dict[str, str]
