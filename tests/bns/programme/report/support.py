"""A programme iteration filled through the areas' services: vision, self-assessment, KPIs with values, objectives
(one SMART, one without KPI), strategy options with one retained, actions in several states (one overdue), budget
lines with a net saving, a review and lessons. ``grow`` adds n more of the listed rows (for the query counts and the
one-page PDF at a large size)."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from bns.programme.diagnostic import services as diagnostic_services
from bns.programme.diagnostic.questionnaire import QUESTIONS
from bns.programme.home import services as home_services
from bns.programme.means import budget_services
from bns.programme.means import services as means_services
from bns.programme.objectives import services as objective_services
from bns.programme.reviews import services as review_services
from bns.programme.strategy import services as strategy_services

VISION = ("Nos collaborateurs sont nos meilleurs ambassadeurs : chaque vendeur, chef des ventes et conseiller APV fait "
          "vivre le réseau du groupe, à la concession comme en dehors. Nous partageons nos relations, nous présentons nos "
          "clients à nos collègues, et nous mesurons ce que cela rapporte : plus de recommandations, moins de dépenses "
          "publicitaires classiques, une image de marque employeur forte. Cœur du projet : la confiance, la transparence "
          "et le respect des contacts de chacun. Le réseau est une œuvre collective, pas une opération ponctuelle ; il "
          "se construit dans la durée, itération après itération, avec le CoDir en première ligne.")


def day(n: int):
    return timezone.localdate() + timedelta(days=n)


def fill(org) -> None:
    t, p = org.tenant, org.programme
    owner, exec_ = org.u("owner"), org.u("exec")
    home_services.vision_publish(tenant=t, actor=exec_, text=VISION, programme=p)
    codes = list(QUESTIONS)
    diagnostic_services.diagnostic_answer_save(tenant=t, actor=exec_, programme=p, answers={c: 4 for c in codes})
    diagnostic_services.diagnostic_answer_save(tenant=t, actor=owner, programme=p, answers={c: 2 for c in codes})

    profiles = objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Profils complets", unit="%",
                                             target=D("80"), manual_source="CRM")
    savings = objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Économies publicitaires", unit="€",
                                            target=D("5000"), manual_source="Contrôle de gestion")
    objective_services.kpi_create(tenant=t, actor=owner, programme=p, name="Recommandations gagnées", unit="count",
                                  manual_source="CRM")
    for days_ago, value in ((25, 40), (15, 50), (5, 62)):
        objective_services.kpi_value_record(tenant=t, actor=owner, kpi=profiles, measured_on=day(-days_ago), value=D(value))
    objective_services.kpi_value_record(tenant=t, actor=owner, kpi=savings, measured_on=day(-3), value=D("1250.50"))

    objective_services.objective_create(
        tenant=t, actor=owner, programme=p, statement="Porter la complétude des profils LinkedIn des vendeurs à 80 %",
        kpi=profiles, baseline=D("40"), target=D("80"), deadline=day(120), owner=org.e("owner"))
    objective_services.objective_create(tenant=t, actor=owner, programme=p,
                                        statement="Améliorer l'image de la marque employeur", owner=org.e("exec"))

    retained = strategy_services.strategy_option_create(tenant=t, actor=owner, programme=p, title="Ambassadeurs volontaires",
                                                        description="Un noyau de volontaires formé d'abord", cost=D("3000"),
                                                        feasibility=4)
    strategy_services.strategy_option_create(tenant=t, actor=owner, programme=p, title="Tout le monde d'un coup")
    strategy_services.strategy_option_retain(tenant=t, actor=owner, option=retained,
                                             rationale="Moins risqué : on apprend avec les volontaires avant d'élargir.")

    mk = means_services.programme_action_create
    training = mk(tenant=t, actor=owner, programme=p, title="Former les chefs des ventes", kind="training", status="done",
                  budget_planned=D("1500"), budget_actual=D("1200"), deadline=day(-10), owner=org.e("owner"))
    mk(tenant=t, actor=owner, programme=p, title="Licences Sales Navigator", kind="tool", status="in_progress",
       budget_planned=D("2400"), deadline=day(30))
    mk(tenant=t, actor=owner, programme=p, title="Charte de partage", kind="process", status="planned", deadline=day(-2))
    budget_services.budget_line_create(tenant=t, actor=owner, programme=p, label="Formation", action=training,
                                       planned=D("1500"), actual=D("1200"), replaces="Encarts presse",
                                       replaced_amount=D("3000"))
    budget_services.budget_line_create(tenant=t, actor=owner, programme=p, label="Soirée VIP", planned=D("800"),
                                       actual=D("600"), replaces="Salon auto", replaced_amount=D("1000"))

    review_services.review_record(tenant=t, actor=owner, programme=p, held_on=day(-20), participants="CoDir",
                                  decisions="Étendre la formation à la concession de Brest ; relancer la charte.")
    for step, text in ((1, "Les vendeurs ont peur de perdre leurs contacts."), (5, "La formation a plu."),
                       (7, "Revue trop longue : 1 h max."), (8, "Préparer l'itération 2 dès le mois 4.")):
        review_services.lesson_create(tenant=t, actor=owner, programme=p, step=step, text=text)


def grow(org, n: int, start: int = 0) -> None:
    """n more KPIs with values, objectives, options, actions, budget lines and lessons (through the services)."""
    t, p, owner = org.tenant, org.programme, org.u("owner")
    for i in range(start, start + n):
        kpi = objective_services.kpi_create(tenant=t, actor=owner, programme=p, name=f"Indicateur n°{i} très détaillé",
                                            unit="%", target=D("50"), manual_source="Saisie")
        objective_services.kpi_value_record(tenant=t, actor=owner, kpi=kpi, measured_on=day(-(i % 20) - 1), value=D(i % 60))
        objective_services.objective_create(
            tenant=t, actor=owner, programme=p, kpi=kpi, baseline=D("10"), target=D("50"), deadline=day(60 + i % 30),
            owner=org.e("rep"),
            statement=f"Objectif n°{i} : augmenter nettement la part des relations partagées par les vendeurs de la "
                      "concession, avec un suivi mensuel en revue et un plan d'action précis pour chaque équipe")
        action = means_services.programme_action_create(tenant=t, actor=owner, programme=p, title=f"Action {i}", kind="event",
                                                        status=("planned", "in_progress", "done", "blocked", "cancelled")[i % 5],
                                                        budget_planned=D("100"), deadline=day(i % 7 - 3))
        budget_services.budget_line_create(tenant=t, actor=owner, programme=p, label=f"Ligne {i}", action=action,
                                           planned=D("100"), actual=D("90"), replaces="Radio", replaced_amount=D("150"))
        review_services.lesson_create(tenant=t, actor=owner, programme=p, step=(i % 8) + 1,
                                      text=f"Leçon n°{i} : " + "le terrain demande plus de temps et plus d'exemples concrets. " * 4)


# --- Reading a PDF without a PDF library --------------------------------------------------------------

_STREAM = re.compile(rb"<<((?:(?!<<).)*?)>>\s*stream\r?\n(.*?)\r?\n?endstream", re.S)
_TEXT = re.compile(rb"\((?:[^()\\]|\\.)*\)\s*Tj|\[(?:[^\]\\]|\\.)*\]\s*TJ", re.S)
_LITERAL = re.compile(rb"\(((?:[^()\\]|\\.)*)\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        char = raw[i:i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(raw[i + 1:i + 2], raw[i + 1:i + 2])
            i += 2
    return bytes(out)


def pdf_streams(data: bytes) -> list[bytes]:
    """The PDF's content streams, decoded (ASCII85 then Flate, as reportlab writes them)."""
    streams = []
    for head, body in _STREAM.findall(data):
        if b"ASCII85Decode" in head:
            body = base64.a85decode(body.strip().removeprefix(b"<~").removesuffix(b"~>"))
        if b"FlateDecode" in head:
            body = zlib.decompress(body)
        streams.append(body)
    return streams


def pdf_text(data: bytes) -> str:
    """The text drawn on the PDF's pages (the built-in fonts' Windows-1252 strings), spaces normalised."""
    chunks = []
    for stream in pdf_streams(data):
        for op in _TEXT.findall(stream):
            chunks.append(b"".join(_unescape(lit) for lit in _LITERAL.findall(op)).decode("cp1252"))
    return " ".join(" ".join(chunks).replace("\xa0", " ").split())


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
